package io.fgraph.core;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.cpu.TrapCause;
import io.fgraph.emulator.hook.HookAction;
import io.fgraph.emulator.hook.JavaTrap;
import io.fgraph.emulator.insn.Displacement;
import io.fgraph.emulator.insn.Instruction;
import io.fgraph.emulator.insn.RefusedInstructionException;
import io.fgraph.emulator.insn.XolArea;
import io.fgraph.emulator.memory.Memory;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The patching half of fgraph: finds how each function entry can be hooked ({@link EntrySite}),
 * writes and restores the hook, and runs the displaced first instruction after the hook through
 * the emulator's instruction layer ({@link Displacement}, {@link XolArea}), which kprobes share.
 * {@link Fgraph} holds the shadow-stack protocol; this class knows nothing of users or frames.
 */
final class EntryPatcher {
    private static final int C_NOP = 0x0001;
    private static final int NOP = 0x0000_0013;
    private static final byte[] C_EBREAK = {(byte) 0x02, (byte) 0x90};

    private final Machine machine;
    private final Memory memory;
    private final int entryTrapId;
    private final Long2ObjectHashMap<EntrySite> sites = new Long2ObjectHashMap<>();
    private final Map<String, String> untraceable = new TreeMap<>();

    EntryPatcher(Machine machine, FunctionTable functions, int entryTrapId) {
        this.machine = machine;
        this.memory = machine.memory();
        this.entryTrapId = entryTrapId;
        for (TraceableFunction function : functions.functions()) {
            EntrySite site = inspect(function);
            if (site != null) {
                sites.put(function.entry(), site);
            }
        }
        for (TraceableFunction setjmp : functions.setjmpFunctions()) {
            EntrySite site = sites.get(setjmp.entry());
            if (site != null) {
                site.setjmp = true;
            }
        }
        machine.hooks().addExceptionInterceptor(this::betweenNops);
    }

    /**
     * A hart that stopped between a site's two {@code c.nop}s while the entry trap was written
     * resumes at the trap's upper parcel, which {@link JavaTrap} keeps at 0x0000 (illegal): that
     * instruction stands for the second {@code c.nop}, so the hart goes on after it. The trapping
     * parcel already counted as one retired instruction, as the {@code c.nop} would have.
     */
    private boolean betweenNops(Hart hart, int cause, long value) {
        if (cause != TrapCause.ILLEGAL_INSTRUCTION) {
            return false;
        }
        long pc = hart.pc();
        EntrySite site = sites.get(pc - 2);
        if (site == null || site.kind != EntrySite.Kind.NOPS || ((site.original[2] & 0xFF) | (site.original[3] & 0xFF) << 8) != C_NOP) {
            return false;
        }
        hart.setPc(pc + 2);
        return true;
    }

    /** The site for {@code function}, or null (entry outside RAM, or not hookable: recorded with the reason). */
    private EntrySite inspect(TraceableFunction function) {
        long entry = function.entry();
        if (!memory.contains(entry, 2) || (entry & 1) != 0) {
            return null;
        }
        if (function.patchable() && memory.contains(entry, 4)) {
            int low = memory.fetch16(entry);
            int high = memory.fetch16(entry + 2);
            if ((low == C_NOP && high == C_NOP) || (low | (high << 16)) == NOP) {
                return new EntrySite(function, EntrySite.Kind.NOPS, memory.read(entry, 4), null);
            }
        }
        try {
            Displacement displaced = Displacement.at(memory, entry, machine::isToolText);
            Instruction first = displaced.instruction();
            EntrySite.Kind kind = first.length() == 4 ? EntrySite.Kind.TRAP : EntrySite.Kind.BREAKPOINT;
            return new EntrySite(function, kind, first.bytes(), displaced);
        } catch (RefusedInstructionException e) {
            untraceable.put(function.name(), "its first instruction " + e.getMessage());
            return null;
        } catch (RuntimeException e) {
            untraceable.put(function.name(), "its first instruction cannot be read: " + e.getMessage());
            return null;
        }
    }

    EntrySite site(long entry) {
        return sites.get(entry);
    }

    Collection<EntrySite> sites() {
        return sites.values();
    }

    /** Functions that cannot be hooked, with the reason. */
    Map<String, String> untraceable() {
        return Collections.unmodifiableMap(untraceable);
    }

    /** Writes the hook over the entry (not synchronised with other harts: see {@code Machine.writeText}). */
    void patch(EntrySite site) {
        if (site.patched) {
            return;
        }
        if (site.displaced != null && !site.displaced.simulated() && site.outOfLine == 0) {
            site.outOfLine = machine.xol().allocate(site.displaced.instruction(), new XolArea.Owner() {
                @Override
                public void afterStep(Hart hart, Instruction original) {
                    afterEntry(hart, site);
                }

                @Override
                public boolean onFault(Hart hart, Instruction original, int cause, long value) {
                    for (EntryProbe probe : site.probes) {
                        if (probe.onFault(hart, cause, value)) {
                            return true;
                        }
                    }
                    return false;
                }
            });
        }
        machine.writePatch(site.entry(), site.kind == EntrySite.Kind.BREAKPOINT ? C_EBREAK : JavaTrap.bytes(entryTrapId));
        site.patched = true;
    }

    /** Restores the entry's original bytes. */
    void unpatch(EntrySite site) {
        if (!site.patched) {
            return;
        }
        machine.restorePatch(site.entry());
        site.patched = false;
    }

    /**
     * After the entry hook: skip the NOPs, or run the displaced instruction; the entry probes'
     * {@link EntryProbe#afterEntry} run once it has (for a copy out of line, when it resumes).
     */
    HookAction continueAfterEntry(Hart hart, EntrySite site) {
        Displacement displaced = site.displaced;
        if (displaced == null) {
            if (site.probes.length == 0) {
                return HookAction.SKIP;
            }
            hart.setPc(site.entry() + site.original.length);
            afterEntry(hart, site);
            return HookAction.RESUME;
        }
        if (displaced.simulated()) {
            displaced.simulate(hart);
            afterEntry(hart, site);
        } else {
            hart.setPc(site.outOfLine);
        }
        return HookAction.RESUME;
    }

    private static void afterEntry(Hart hart, EntrySite site) {
        for (EntryProbe probe : site.probes) {
            probe.afterEntry(hart);
        }
    }
}
