package io.fgraph.probes.kretprobe;

import io.fgraph.core.FunctionTable;
import io.fgraph.core.TaskModel;
import io.fgraph.emulator.Machine;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.elf.SymbolTable;
import io.fgraph.emulator.hook.Backtrace;
import io.fgraph.emulator.hook.HookAction;
import io.fgraph.emulator.hook.JavaTrap;
import io.fgraph.emulator.hook.ReturnAddressTranslator;
import io.fgraph.probes.Kprobe;
import io.fgraph.probes.KprobeHandler;
import io.fgraph.probes.Kprobes;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Kretprobes as Linux built them before fgraph (seed 003 §1.3, seed 004 "the classic design"):
 * <ul>
 *   <li>each kretprobe is an entry {@link Kprobe} of its own (several on one function share its
 *       breakpoint, as Linux's aggregated kprobes do);</li>
 *   <li>each has a pool of {@code maxactive} preallocated instances ({@link InstancePool}); a call
 *       that finds the pool empty is not probed and counts in {@code nmissed};</li>
 *   <li>the entry handler takes an instance, saves the real return address in it and replaces
 *       {@code ra} with the address of one shared trampoline (a trap-to-Java in the machine's tool
 *       text); two kretprobes on one function hijack the return twice, the second saving the
 *       trampoline as "its" return address;</li>
 *   <li>the instances of a task form a LIFO ({@link TaskInstances}); at the trampoline the
 *       instances of the returning frame (the ones entered with the current stack pointer) run
 *       their handlers, newest first, until one holds a real return address, where the hart goes.</li>
 * </ul>
 * Instances are never leaked: a longjmp-family function moving the stack pointer up closes the
 * instances of the frames it discards ({@link KretprobeHandler#unwound}), and a return finds and
 * closes any deeper instance left behind. Backtraces from a handler see real return addresses
 * through {@link #translate}.
 *
 * <p>Tasks: one instance list per task of the {@link TaskModel} (a hart on bare metal). Unlike
 * {@link FgraphKretprobes}, a coroutine that switches stacks inside one task is not followed (Linux's
 * kernel tasks never do that).
 */
public final class ClassicKretprobes implements Kretprobes, ReturnAddressTranslator {
    private final Machine machine;
    private final Kprobes kprobes;
    private final SymbolTable symbols;
    private final FunctionTable functions;
    private final TaskModel tasks;
    private final ReturnAddressTranslator next;
    private final long trampoline;
    private final int defaultMaxactive;
    private final Map<Integer, TaskInstances> byTask = new ConcurrentHashMap<>();
    /** Per hart, the instances of the task it ran last (read and written only by that hart's thread). */
    private final TaskInstances[] lastByHart;
    private final Map<Kretprobe, Kprobe> entryProbes = new ConcurrentHashMap<>();
    private final List<Kretprobe> registered = new CopyOnWriteArrayList<>();
    private final List<KretprobeFailure> failures = new CopyOnWriteArrayList<>();

    private ClassicKretprobes(Kprobes kprobes, ElfFile elf, TaskModel tasks, ReturnAddressTranslator next) {
        this.machine = kprobes.machine();
        this.kprobes = kprobes;
        this.symbols = elf.symbols();
        this.functions = FunctionTable.of(elf);
        this.tasks = tasks;
        this.next = next;
        this.defaultMaxactive = Math.max(10, 2 * machine.hartCount());
        this.lastByHart = new TaskInstances[machine.hartCount()];
        int trapId = machine.hooks().allocateTrap((hart, id) -> onTrampoline(hart));
        this.trampoline = machine.allocateToolText(JavaTrap.LENGTH);
        machine.patchText(trampoline, JavaTrap.bytes(trapId));
        machine.hooks().addStackSwitchHandler(this::onStackSwitch);
    }

    /** Classic kretprobes on the machine of {@code kprobes}, one task per hart. */
    public static ClassicKretprobes install(Kprobes kprobes, ElfFile elf) {
        return install(kprobes, elf, TaskModel.PER_HART, ReturnAddressTranslator.IDENTITY);
    }

    /**
     * @param tasks the task each hart runs (one instance list per task)
     * @param next  translates the return addresses other tracers hijacked (fgraph's, when it is
     *              installed too), for {@link KretprobeInstance#returnAddress} and backtraces
     */
    public static ClassicKretprobes install(Kprobes kprobes, ElfFile elf, TaskModel tasks, ReturnAddressTranslator next) {
        return new ClassicKretprobes(kprobes, elf, tasks, next);
    }

    @Override
    public String implementation() {
        return "classic";
    }

    /** Linux's default {@code maxactive}: max(10, 2 x harts). */
    public int defaultMaxactive() {
        return defaultMaxactive;
    }

    /** The shared return trampoline's address. */
    public long trampoline() {
        return trampoline;
    }

    @Override
    public void register(Kretprobe probe) {
        synchronized (this) {
            if (probe.owner != null) {
                throw new IllegalStateException(probe + ": already registered");
            }
            ProbedFunctions.entry(probe.target(), symbols); // a function's entry, or a clear error
            int maxactive = probe.maxactive() > 0 ? probe.maxactive() : defaultMaxactive;
            Kprobe entry = new Kprobe(probe.target(), new EntryHandler(probe, new InstancePool(probe, maxactive)));
            kprobes.register(entry);
            entryProbes.put(probe, entry);
            registered.add(probe);
            probe.owner = this;
        }
    }

    @Override
    public void unregister(Kretprobe probe) {
        Kprobe entry;
        synchronized (this) {
            if (probe.owner != this || !registered.remove(probe)) {
                throw new IllegalStateException(probe + ": not registered");
            }
            probe.owner = null;
            entry = entryProbes.remove(probe);
        }
        kprobes.unregister(entry); // calls in flight still come back through the trampoline
    }

    @Override
    public List<Kretprobe> probes() {
        return List.copyOf(registered);
    }

    @Override
    public List<KretprobeFailure> failures() {
        return List.copyOf(failures);
    }

    @Override
    public Backtrace backtrace(Hart hart) {
        return Backtrace.capture(hart, this);
    }

    /** Instances of {@code task} in flight (for tests and reports). */
    public int inFlight(int task) {
        TaskInstances instances = byTask.get(task);
        return instances == null ? 0 : instances.size();
    }

    /** The instances of the task {@code hart} runs (the hart's last one is kept: tasks rarely move). */
    private TaskInstances instancesOf(Hart hart) {
        int task = tasks.taskOf(hart);
        TaskInstances last = lastByHart[hart.id()];
        if (last != null && last.task() == task) {
            return last;
        }
        TaskInstances instances = byTask.computeIfAbsent(task, TaskInstances::new);
        lastByHart[hart.id()] = instances;
        return instances;
    }

    /** Linux's {@code pre_handler_kretprobe}: take an instance, run the entry handler, hijack. */
    private final class EntryHandler implements KprobeHandler {
        private final Kretprobe probe;
        private final InstancePool pool;

        EntryHandler(Kretprobe probe, InstancePool pool) {
            this.probe = probe;
            this.pool = pool;
        }

        @Override
        public boolean preHandler(Kprobe kprobe, Hart regs) {
            if (probe.failed()) {
                return false;
            }
            TaskInstances instances = instancesOf(regs);
            long sp = regs.x(Hart.SP);
            ClassicInstance instance = pool.take();
            if (instance == null) {
                probe.countMissed();
                return false;
            }
            long ret = regs.x(Hart.RA);
            instance.open(ret, sp, instances.task(), regs.cycle(), realReturn(regs, ret, sp, instances));
            if (!probe.enter(instance, regs, failures)) {
                pool.give(instance);
                return false;
            }
            instances.push(instance);
            regs.setX(Hart.RA, trampoline);
            return false;
        }
    }

    /** The real return address of a call whose {@code ra} is {@code ret} (it may be a trampoline). */
    private long realReturn(Hart hart, long ret, long sp, TaskInstances instances) {
        if (ret == trampoline) {
            ClassicInstance outer = instances.frame(sp);
            return outer != null ? outer.returnAddress() : ret;
        }
        return next.translate(hart, ret, sp);
    }

    /** Linux's {@code __kretprobe_trampoline_handler}: the returning frame's instances, newest first. */
    private HookAction onTrampoline(Hart hart) {
        TaskInstances instances = instancesOf(hart);
        long sp = hart.x(Hart.SP);
        unwindBelow(instances, sp, true);
        ClassicInstance instance = instances.popFrame(sp);
        if (instance == null) {
            machine.requestStop(StopReason.HOOK_FAILURE, 1, hart, String.format(
                    "kretprobe trampoline reached with no instance for the frame at sp=0x%x", sp));
            hart.requestLeave();
            return HookAction.RESUME;
        }
        while (true) {
            hart.setPc(instance.returnAddress()); // handlers see the real return address, as Linux sets regs' ip
            close(instance, hart, false);
            long ret = instance.savedReturn();
            instance.pool().give(instance);
            if (ret != trampoline) {
                hart.setPc(ret);
                return HookAction.RESUME;
            }
            instance = instances.popFrame(sp);
            if (instance == null) {
                machine.requestStop(StopReason.HOOK_FAILURE, 1, hart,
                        "kretprobe trampoline: a hijacked return address has no instance below it");
                hart.requestLeave();
                return HookAction.RESUME;
            }
        }
    }

    /**
     * A longjmp-family function moved the stack pointer up: the frames it discards (entered at or
     * below the new stack pointer) will never return.
     */
    private void onStackSwitch(Hart hart, long oldSp, long newSp) {
        if (Long.compareUnsigned(newSp, oldSp) <= 0 || !functions.inLongjmp(hart.pc())) {
            return;
        }
        TaskInstances instances = byTask.get(tasks.taskOf(hart));
        if (instances != null) {
            unwindBelow(instances, newSp, false);
        }
    }

    /** Closes the instances on top of the list entered below {@code sp} (or at it, unless {@code strictly}). */
    private void unwindBelow(TaskInstances instances, long sp, boolean strictly) {
        ClassicInstance stale;
        while ((stale = instances.popBelow(sp, strictly)) != null) {
            close(stale, null, true);
            stale.pool().give(stale);
        }
    }

    private void close(ClassicInstance instance, Hart regs, boolean unwound) {
        instance.probe().exit(this, instance, regs, unwound, failures);
    }

    /**
     * Maps the trampoline's address, as found in {@code ra} or on the guest stack, back to the real
     * return address of the frame entered with {@code stackPointer}; other addresses go to the next
     * translator (fgraph's trampoline).
     */
    @Override
    public long translate(Hart hart, long address, long stackPointer) {
        if (address != trampoline) {
            return next.translate(hart, address, stackPointer);
        }
        TaskInstances instances = byTask.get(tasks.taskOf(hart));
        ClassicInstance instance = instances == null ? null : instances.frame(stackPointer);
        return instance == null ? address : instance.returnAddress();
    }
}
