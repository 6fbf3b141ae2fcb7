package io.fgraph.probes;

import io.fgraph.core.Fgraph;
import io.fgraph.emulator.Machine;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.elf.SymbolTable;
import io.fgraph.emulator.hook.HookAction;
import io.fgraph.emulator.hook.JavaTrap;
import io.fgraph.emulator.insn.Displacement;
import io.fgraph.emulator.insn.Instruction;
import io.fgraph.emulator.insn.RefusedInstructionException;
import io.fgraph.emulator.memory.Memory;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The kprobes of one machine (seed 003 §1.1): {@link #register} puts a breakpoint on an instruction,
 * and every hart that reaches it runs the probes' pre-handlers, the instruction, then their
 * post-handlers. Several probes on one address share one breakpoint. Install one per machine; give
 * it the machine's {@link Fgraph} when fgraph is installed too, so that probes at the function
 * entries fgraph owns ride on fgraph's patch instead of patching the entry a second time.
 *
 * <p>Registration and unregistration may happen at any time, from any thread, also from a
 * handler, while the harts run; when either returns, every hart runs the new text. A hart in the
 * middle of an out-of-line step finishes it correctly after its probe is gone.
 *
 * <p>The breakpoint: the 4-byte trap-to-Java encoding over a 4-byte instruction (one trap, straight
 * into this class), {@code c.ebreak} over a 2-byte one (through the machine's breakpoint handlers).
 * How the instruction runs afterwards is the machine's {@link KprobeStepMode}.
 */
public final class Kprobes {
    private static final byte[] C_EBREAK = {(byte) 0x02, (byte) 0x90};

    private final Machine machine;
    private final Memory memory;
    private final Fgraph fgraph;
    private final KprobeStepMode mode;
    private final ProbeResolver resolver;
    private final ProbeTable table;
    private final ProbeHandlers handlers = new ProbeHandlers();
    private final HartStep[] steps;
    private final OutOfLineSteps outOfLine;
    private final InPlaceSteps inPlace;
    private final int trapId;
    private final byte[] trap;
    private final Object lock = new Object();
    /** Out-of-line slots by address, kept after a probe leaves so that a new probe there reuses its copy. */
    private final Long2ObjectHashMap<long[]> slots = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Instruction> slotInstructions = new Long2ObjectHashMap<>();
    private final List<Kprobe> registered = new ArrayList<>();

    private Kprobes(Machine machine, SymbolTable symbols, Fgraph fgraph, KprobeStepMode mode) {
        if (fgraph != null && fgraph.machine() != machine) {
            throw new IllegalArgumentException("fgraph is installed on another machine");
        }
        this.machine = machine;
        this.memory = machine.memory();
        this.fgraph = fgraph;
        this.mode = mode;
        this.resolver = new ProbeResolver(symbols, memory, fgraph);
        this.table = new ProbeTable(memory);
        this.steps = HartStep.perHart(machine.hartCount());
        this.outOfLine = new OutOfLineSteps(handlers, steps);
        this.inPlace = mode == KprobeStepMode.IN_PLACE ? new InPlaceSteps(machine, handlers, steps) : null;
        this.trapId = machine.hooks().allocateTrap((hart, id) -> onTrap(hart));
        this.trap = JavaTrap.bytes(trapId);
        machine.hooks().addBreakpointHandler(this::onBreakpoint);
    }

    /** Kprobes for the program {@code elf} on {@code machine}, out-of-line steps, no fgraph. */
    public static Kprobes install(Machine machine, ElfFile elf) {
        return install(machine, elf, null, KprobeStepMode.OUT_OF_LINE);
    }

    /**
     * @param fgraph fgraph on the same machine, or null: probes at the entries it owns ride on its patch
     * @param mode   how probed instructions run ({@link KprobeStepMode})
     */
    public static Kprobes install(Machine machine, ElfFile elf, Fgraph fgraph, KprobeStepMode mode) {
        return new Kprobes(machine, elf.symbols(), fgraph, mode);
    }

    public KprobeStepMode stepMode() {
        return mode;
    }

    public Machine machine() {
        return machine;
    }

    /** Registers one probe; see {@link #register(Collection)}. */
    public void register(Kprobe probe) {
        register(List.of(probe));
    }

    /**
     * Registers probes, all or none (as Linux's {@code register_kprobes}): when one cannot be
     * registered, the ones before it are unregistered and the exception says why.
     *
     * @throws UnknownSymbolException for a symbol the program does not have
     * @throws KprobeException        for an offset past the function or inside an instruction, an
     *                                instruction that cannot be displaced (the reason is given), a
     *                                probe already registered
     */
    public void register(Collection<Kprobe> probes) {
        List<Kprobe> done = new ArrayList<>();
        List<ProbePoint> rides = new ArrayList<>();
        try {
            synchronized (lock) {
                for (Kprobe probe : probes) {
                    if (probe.isRegistered()) {
                        throw new KprobeException(probe + ": already registered");
                    }
                    ProbeResolver.Resolved resolved = resolver.resolve(probe.target());
                    ProbePoint point = table.get(resolved.address());
                    if (point == null) {
                        point = newPoint(resolved);
                        table.put(point);
                        if (point.patchesText()) {
                            arm(point);
                        } else {
                            rides.add(point);
                        }
                    }
                    // Bound (its counters made) before a hart can find it at the point.
                    probe.bind(new Kprobe.Registration(this, resolved.address(), resolved.location()), machine.hartCount());
                    point.add(probe);
                    registered.add(probe);
                    done.add(probe);
                }
            }
            for (ProbePoint point : rides) {
                attach(point);
            }
        } catch (RuntimeException e) {
            for (Kprobe probe : done) {
                unregisterQuietly(probe);
            }
            throw e;
        } finally {
            machine.synchronizeText(); // outside the lock: a hart in a hook may be waiting for it
        }
    }

    /**
     * Unregisters {@code probe}. When the last probe at its address leaves, the original bytes are
     * restored (or fgraph's entry released); a hart between the breakpoint and the end of the probed
     * instruction finishes it without the probe's post-handler.
     */
    public void unregister(Kprobe probe) {
        AutoCloseable ride;
        synchronized (lock) {
            Kprobe.Registration registration = probe.registrationOrNull();
            if (registration == null || registration.owner() != this) {
                throw new IllegalStateException(probe + ": not registered here");
            }
            ride = detach(probe, registration.address());
        }
        try {
            if (ride != null) {
                ride.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException(probe + ": releasing fgraph's entry failed: " + e.getMessage(), e);
        } finally {
            machine.synchronizeText();
        }
    }

    private void unregisterQuietly(Kprobe probe) {
        if (probe.isRegistered()) {
            try {
                unregister(probe);
            } catch (RuntimeException ignored) {
                // the original error is what the caller needs to see
            }
        }
    }

    /** Removes {@code probe} from its point (under the lock); returns a ride to release, or null. */
    private AutoCloseable detach(Kprobe probe, long address) {
        ProbePoint point = table.get(address);
        probe.unbind();
        registered.remove(probe);
        if (point == null) {
            return null;
        }
        point.remove(probe);
        if (point.probes.length > 0) {
            return null;
        }
        synchronized (point) {
            point.removed = true;
            if (point.patchesText() && point.armed) {
                machine.restorePatch(address);
                point.armed = false;
            }
        }
        // After the restore: a hart that finds no point here finds the program's instruction.
        table.remove(address);
        AutoCloseable ride = point.ride;
        point.ride = null;
        return ride;
    }

    /** The registered probes, in registration order. */
    public List<Kprobe> probes() {
        synchronized (lock) {
            return List.copyOf(registered);
        }
    }

    /** Handlers that threw (their probes no longer run handlers). */
    public List<KprobeFailure> failures() {
        return handlers.failures();
    }

    // ---- registration ----

    private ProbePoint newPoint(ProbeResolver.Resolved resolved) {
        long address = resolved.address();
        if (fgraph != null && fgraph.hooksEntry(address)) {
            return ProbePoint.ride(address);
        }
        Displacement displacement;
        try {
            displacement = Displacement.at(memory, address, machine::isToolText);
        } catch (RefusedInstructionException e) {
            throw new KprobeException(resolved.location() + ": " + e.getMessage(), e);
        }
        Instruction insn = displacement.instruction();
        long slot = 0;
        if (mode == KprobeStepMode.OUT_OF_LINE && !displacement.simulated()) {
            slot = slotFor(insn, resolved.location());
        }
        ProbePoint.Kind kind = insn.length() == 4 ? ProbePoint.Kind.TRAP : ProbePoint.Kind.BREAKPOINT;
        return new ProbePoint(address, kind, displacement, insn.bytes(), kind == ProbePoint.Kind.TRAP ? trap : C_EBREAK, slot);
    }

    /** The out-of-line slot holding a copy of {@code insn}: the one of an earlier probe there if it holds the same bytes. */
    private long slotFor(Instruction insn, String location) {
        long[] known = slots.get(insn.address());
        if (known != null && insn.equals(slotInstructions.get(insn.address()))) {
            return known[0];
        }
        long slot;
        try {
            slot = machine.xol().allocate(insn, outOfLine);
        } catch (IllegalStateException e) {
            throw new KprobeException(location + ": no out-of-line slot for the instruction (" + e.getMessage()
                    + "); the in-place step mode needs none", e);
        }
        slots.put(insn.address(), new long[] {slot});
        slotInstructions.put(insn.address(), insn);
        return slot;
    }

    private void arm(ProbePoint point) {
        synchronized (point) {
            machine.writePatch(point.address, point.breakpoint);
            point.armed = true;
        }
    }

    /** Attaches a ride to fgraph's entry (outside the lock: fgraph synchronises the harts). */
    private void attach(ProbePoint point) {
        AutoCloseable handle;
        try {
            handle = fgraph.attachEntryProbe(point.address, new EntryRide(point, handlers, steps));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new KprobeException(String.format("0x%x: fgraph's entry hook cannot take the probe: %s", point.address, e.getMessage()), e);
        }
        boolean release;
        synchronized (lock) {
            release = point.removed;
            if (!release) {
                point.ride = handle;
            }
        }
        if (release) {
            try {
                handle.close();
            } catch (Exception e) {
                throw new IllegalStateException("releasing fgraph's entry failed: " + e.getMessage(), e);
            }
        }
    }

    // ---- the hit path ----

    private HookAction onTrap(Hart hart) {
        long pc = hart.pc();
        ProbePoint point = table.get(pc);
        if (point == null || point.kind != ProbePoint.Kind.TRAP) {
            return staleTrap(hart, pc);
        }
        return hit(point, hart);
    }

    private HookAction onBreakpoint(Hart hart) {
        long pc = hart.pc();
        ProbePoint point = table.get(pc);
        if (point == null || point.kind != ProbePoint.Kind.BREAKPOINT) {
            // Not ours, or a hart that decoded the breakpoint just before an unregister restored the
            // instruction: it runs the restored instruction.
            return isBreakpoint(pc) ? HookAction.UNHANDLED : HookAction.RESUME;
        }
        return hit(point, hart);
    }

    private HookAction hit(ProbePoint point, Hart hart) {
        Kprobe[] probes = handlers.enter(point, hart);
        if (probes != null && handlers.pre(probes, hart, point.address)) {
            hart.discountInstruction(); // redirected: the probed instruction did not run
            return HookAction.RESUME;
        }
        return inPlace != null ? inPlace.step(point, hart, probes) : outOfLine.step(point, hart, probes);
    }

    /**
     * Our trap where no probe is: a hart that decoded it before an unregister restored the text
     * runs the restored instruction; if the trap is still in memory the program copied probed code.
     */
    private HookAction staleTrap(Hart hart, long pc) {
        if (memory.contains(pc, 4) && (int) memory.load32(pc) == JavaTrap.encode(trapId)) {
            machine.requestStop(StopReason.HOOK_FAILURE, StopReason.HOOK_FAILURE.exitStatus(), hart, String.format(
                    "hart %d reached a kprobe breakpoint at %s where no probe is registered (did the program copy probed code?)",
                    hart.id(), machine.symbolizer().apply(pc)));
        }
        return HookAction.RESUME;
    }

    private boolean isBreakpoint(long pc) {
        return memory.contains(pc, 2) && memory.fetch16(pc) == ((C_EBREAK[0] & 0xFF) | ((C_EBREAK[1] & 0xFF) << 8));
    }
}
