package io.fgraph.emulator;

import io.fgraph.emulator.cpu.CodeSync;
import io.fgraph.emulator.cpu.DecodeCache;
import io.fgraph.emulator.cpu.Environment;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.cpu.HartState;
import io.fgraph.emulator.cpu.Interpreter;
import io.fgraph.emulator.cpu.TranslationStats;
import io.fgraph.emulator.cpu.TrapCause;
import io.fgraph.emulator.hook.BreakpointHandler;
import io.fgraph.emulator.hook.ExceptionInterceptor;
import io.fgraph.emulator.hook.HookAction;
import io.fgraph.emulator.hook.Hooks;
import io.fgraph.emulator.hook.JavaTrapHandler;
import io.fgraph.emulator.hook.StackSwitchHandler;
import io.fgraph.emulator.hook.StepHandler;
import io.fgraph.emulator.memory.FlatMemory;
import io.fgraph.emulator.memory.Memory;
import io.fgraph.emulator.memory.TextPatches;
import io.fgraph.emulator.platform.HartControl;
import io.fgraph.emulator.platform.Semihosting;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;

/**
 * Harts sharing one memory, the hooks that tracers attach to them, and the loop that runs them.
 *
 * <p>By default harts interleave on the calling thread in fixed quanta of instructions, so every
 * run of the same program is identical. {@link MachineConfig#parallel()} runs one host thread per hart.
 */
public final class Machine implements Environment, HartControl {
    private final MachineConfig config;
    private final Memory memory;
    private final Hart[] harts;
    private final Interpreter[] interpreters;
    private final Hooks hooks = new Hooks();
    private final CodeSync codeSync = new CodeSync();
    private final AtomicReference<RunResult> stop = new AtomicReference<>();
    private final StopReporter reporter;
    private Semihosting semihosting;
    private LongFunction<String> symbolizer = address -> "0x" + Long.toHexString(address);
    private final List<ReservedRegion> reservedRegions = new CopyOnWriteArrayList<>();
    private long tohostAddress = -1;
    private volatile long instructionsBeforeRun;
    private long toolTextBase;
    private long toolTextNext;
    private long toolTextEnd;
    private io.fgraph.emulator.insn.XolArea xol;
    /** Every out-of-line area of this machine ({@link #xol()} and any a tool made itself). */
    private final List<io.fgraph.emulator.insn.XolArea> outOfLineAreas = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private Scheduler scheduler;
    private FaultHandler faultHandler;
    private volatile Object platform;

    /** A machine with flat RAM of {@link MachineConfig#ramSize()} bytes at {@link MachineConfig#ramBase()}. */
    public Machine(MachineConfig config) {
        this(config, new FlatMemory(config.ramBase(), config.ramSize()));
    }

    /** A machine whose harts share {@code memory} (a platform's own address space). */
    public Machine(MachineConfig config, Memory memory) {
        this.config = config;
        this.memory = memory;
        this.harts = new Hart[config.harts()];
        this.interpreters = new Interpreter[config.harts()];
        for (int i = 0; i < harts.length; i++) {
            harts[i] = new Hart(i, memory);
            TranslationConfig translation = config.translation();
            interpreters[i] = new Interpreter(harts[i], new DecodeCache(memory, i), this, codeSync,
                    translation.enabled() ? translation.threshold() : Interpreter.NO_TRANSLATION);
        }
        this.reporter = new StopReporter(this);
    }

    public MachineConfig config() {
        return config;
    }

    public Memory memory() {
        return memory;
    }

    public Hart hart(int id) {
        return harts[id];
    }

    public int hartCount() {
        return harts.length;
    }

    public Hooks hooks() {
        return hooks;
    }

    public void setSemihosting(Semihosting semihosting) {
        this.semihosting = semihosting;
    }

    public Semihosting semihosting() {
        return semihosting;
    }

    /** Names addresses in reports and backtraces ("fib+0x1c"). */
    public void setSymbolizer(LongFunction<String> symbolizer) {
        this.symbolizer = symbolizer;
    }

    /** Names addresses: after their {@link ReservedRegion} if they lie in one, else by the symbolizer. */
    public LongFunction<String> symbolizer() {
        return address -> reservedRegion(address).map(r -> r.describe(address))
                .orElseGet(() -> symbolizer.apply(address));
    }

    /** Marks a range of RAM as the platform's own, for reports. */
    public void reserve(ReservedRegion region) {
        reservedRegions.add(region);
    }

    /** The reserved region holding {@code address}, if any. */
    public Optional<ReservedRegion> reservedRegion(long address) {
        for (ReservedRegion region : reservedRegions) {
            if (region.contains(address)) {
                return Optional.of(region);
            }
        }
        return Optional.empty();
    }

    /** Watches {@code tohost} (ISA test convention): 1 passes, any other odd value fails test value>>1. */
    public void setToHostAddress(long address) {
        this.tohostAddress = address;
    }

    /**
     * The guest memory the platform keeps for tracers' own text: trampolines (its first page, see
     * {@link #allocateToolText}) and the out-of-line slots of displaced instructions ({@link #xol()},
     * the rest). The program never uses it.
     */
    public synchronized void setToolText(long base, long end) {
        if ((base & Memory.PAGE_OFFSET_MASK) != 0 || Long.compareUnsigned(end - base, 2L * Memory.PAGE_SIZE) < 0
                || !memory.contains(base, end - base)) {
            throw new IllegalArgumentException(String.format("toolText=[0x%x, 0x%x): must be at least two pages of guest memory, page aligned", base, end));
        }
        this.toolTextBase = base;
        this.toolTextNext = base;
        this.toolTextEnd = end;
        String explanation = String.format("%s [0x%x, 0x%x) is kept for the tracers' own code (trampolines and "
                + "out-of-line instruction copies): the program overwrote it or jumped into it",
                memory instanceof FlatMemory ? "RAM" : "memory", base, end);
        reserve(new ReservedRegion("fgraph trampolines", base, base + Memory.PAGE_SIZE, explanation));
        reserve(new ReservedRegion("fgraph out-of-line slots", base + Memory.PAGE_SIZE, end, explanation));
    }

    /** Start of the tracers' reserved text, 0 when the platform reserved none. */
    public synchronized long toolTextBase() {
        return toolTextBase;
    }

    /** End of the tracers' reserved text. */
    public synchronized long toolTextEnd() {
        return toolTextEnd;
    }

    /** True if {@code address} is in the tracers' reserved text (never probed or hooked). */
    public boolean isToolText(long address) {
        long base;
        long end;
        synchronized (this) {
            base = toolTextBase;
            end = toolTextEnd;
        }
        return base != 0 && Long.compareUnsigned(address - base, end - base) < 0;
    }

    /** Allocates {@code bytes} (8-byte aligned) in the first page of the tracers' reserved text. */
    public synchronized long allocateToolText(int bytes) {
        if (toolTextBase == 0) {
            throw new IllegalStateException("the platform reserved no text for tracers");
        }
        long address = (toolTextNext + 7) & ~7L;
        if (address + bytes > toolTextBase + Memory.PAGE_SIZE) {
            throw new IllegalStateException("the tracers' trampoline page at 0x" + Long.toHexString(toolTextBase) + " is full");
        }
        toolTextNext = address + bytes;
        return address;
    }

    /** The out-of-line slots of this machine, shared by every hook that displaces instructions. */
    public synchronized io.fgraph.emulator.insn.XolArea xol() {
        if (xol == null) {
            if (toolTextBase == 0) {
                throw new IllegalStateException("the platform reserved no text for tracers");
            }
            long start = toolTextBase + Memory.PAGE_SIZE;
            xol = new io.fgraph.emulator.insn.XolArea(this, start, (int) (toolTextEnd - start));
        }
        return xol;
    }

    /** What the translating tier did on all harts so far (read it after {@link #run()} returns). */
    public TranslationStats translationStats() {
        TranslationStats total = TranslationStats.NONE;
        for (Interpreter interpreter : interpreters) {
            total = total.plus(interpreter.translationStats());
        }
        return total;
    }

    /** Called by each {@link io.fgraph.emulator.insn.XolArea} made on this machine. */
    public void addOutOfLineArea(io.fgraph.emulator.insn.XolArea area) {
        outOfLineAreas.add(area);
    }

    /** Total instructions executed by all harts so far. */
    public long instructions() {
        long total = 0;
        for (Hart hart : harts) {
            total += hart.instret();
        }
        return total;
    }

    /**
     * Writes {@code bytes} into guest text and returns what was there. When it returns, no hart
     * runs the old instructions any more, also harts running on other host threads: it waits until
     * each has passed a safepoint (see {@link CodeSync}; at most about one time slice). Safe to call
     * from a hook and from any thread. Must not be called while holding a lock that a hook may take:
     * then use {@link #writeText} under the lock and {@link #synchronizeText} after releasing it.
     */
    public byte[] patchText(long address, byte[] bytes) {
        byte[] old = writeText(address, bytes);
        synchronizeText();
        return old;
    }

    /**
     * Writes {@code bytes} into guest text and returns what was there, without waiting: harts on
     * other threads may still run the old instructions until {@link #synchronizeText} returns.
     * The hart calling from a hook sees the new text when the hook returns.
     */
    public byte[] writeText(long address, byte[] bytes) {
        byte[] old = memory.read(address, bytes.length);
        memory.write(address, bytes);
        return old;
    }

    /**
     * Writes a hook's instruction ({@code bytes}: a trap, a breakpoint) over the program's instruction
     * at {@code address} and records the program's bytes in {@link Memory#textPatches()}, so that
     * code reading the program's instructions still sees them. Not synchronised with the other
     * harts, as {@link #writeText}. Returns what was there.
     */
    public byte[] writePatch(long address, byte[] bytes) {
        TextPatches patches = memory.textPatches();
        byte[] original = patches.original(address);
        if (original == null) {
            original = memory.read(address, bytes.length);
            patches.patched(address, original);
        }
        return writeText(address, bytes);
    }

    /** Writes the program's bytes back over the patch at {@code address} ({@link #writePatch}); returns them. */
    public byte[] restorePatch(long address) {
        TextPatches patches = memory.textPatches();
        byte[] original = patches.original(address);
        if (original == null) {
            throw new IllegalStateException(String.format("no hook patched 0x%x", address));
        }
        writeText(address, original);
        patches.restored(address);
        return original;
    }

    /** Waits until no hart runs text written before this call (see {@link CodeSync}). */
    public void synchronizeText() {
        codeSync.synchronize(harts);
    }

    /** Executes exactly one instruction of {@code hart} (which must be running) and returns. */
    public void step(Hart hart) {
        if (hart.state() != HartState.RUNNING) {
            throw new IllegalStateException("hart " + hart.id() + " is parked");
        }
        interpreters[hart.id()].run(1);
    }

    /** Stops the run from Java (a hook or another thread); the first stop wins. */
    public void requestStop(StopReason reason, int exitCode, Hart hart, String message) {
        int hartId = hart == null ? 0 : hart.id();
        long pc = hart == null ? 0 : hart.pc();
        stop.compareAndSet(null, new RunResult(reason, exitCode, hartId, pc, message, 0));
        if (hart != null) {
            hart.requestLeave();
        }
    }

    public boolean stopped() {
        return stop.get() != null;
    }

    /** Keeps the platform's own state with the machine (the Linux platform's process), for the tools around it. */
    public void setPlatform(Object platform) {
        this.platform = platform;
    }

    /** What {@link #setPlatform} kept, or null (bare metal keeps nothing). */
    public Object platform() {
        return platform;
    }

    /** Replaces the hart loop of {@link #run()} with a platform's (see {@link Scheduler}). */
    public void setScheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Takes the exceptions that would stop the run with a report (illegal instructions, access
     * faults, unhandled breakpoints and ecalls), after every {@link io.fgraph.emulator.hook.ExceptionInterceptor}:
     * a platform whose programs die of a signal reports them its own way.
     */
    public void setFaultHandler(FaultHandler handler) {
        this.faultHandler = handler;
    }

    /** The one-line description of an exception that stops the run, as {@code fgraph run} prints it. */
    public String describeFault(Hart hart, int cause, long value) {
        return reporter.describe(hart, cause, value);
    }

    /** Runs until the program exits, faults or hits the instruction limit. */
    public RunResult run() {
        running = true;
        try {
            instructionsBeforeRun = instructions();
            if (scheduler != null) {
                scheduler.run();
                if (stop.get() == null) {
                    requestStop(StopReason.HOOK_FAILURE, StopReason.HOOK_FAILURE.exitStatus(), null,
                            "the scheduler returned before the machine stopped");
                }
            } else if (config.parallel()) {
                new ParallelScheduler(this).run();
            } else {
                runDeterministic();
            }
        } finally {
            running = false;
            if (semihosting != null) {
                semihosting.close();
            }
        }
        RunResult result = stop.get();
        return new RunResult(result.reason(), result.exitCode(), result.hart(), result.pc(), result.message(),
                instructions());
    }

    private void runDeterministic() {
        long limit = config.maxInstructions();
        while (stop.get() == null) {
            boolean anyRunning = false;
            for (Hart hart : harts) {
                if (hart.state() != HartState.RUNNING || stop.get() != null) {
                    continue;
                }
                anyRunning = true;
                long budget = config.quantum();
                if (limit > 0) {
                    budget = Math.min(budget, limit - (instructions() - instructionsBeforeRun));
                    if (budget <= 0) {
                        reporter.instructionLimit(hart, limit);
                        return;
                    }
                }
                runSlice(hart, budget);
                checkToHost(hart);
            }
            if (!anyRunning && stop.get() == null) {
                reporter.allParked();
            }
        }
    }

    /**
     * Runs at most {@code budget} instructions of a hart, honouring single-step requests and slice
     * ends, and returns how many ran; it returns early when the hart leaves its loop (a hook, a
     * system call that blocks, a stop) or a hook ends the slice. For schedulers; call it on the
     * thread that runs the hart.
     */
    public long runSlice(Hart hart, long budget) {
        Interpreter interpreter = interpreters[hart.id()];
        long done = 0;
        while (done < budget && hart.state() == HartState.RUNNING && stop.get() == null) {
            if (hart.singleStepRequested()) {
                long pc = hart.pc();
                hart.clearSingleStep();
                done += interpreter.run(1);
                StepHandler handler = hooks.stepHandler();
                if (handler != null && stop.get() == null) {
                    try {
                        handler.afterStep(hart, pc);
                    } catch (RuntimeException e) {
                        hookFailed(hart, "step handler", e);
                    }
                }
            } else {
                done += interpreter.run(budget - done);
            }
            if (hart.takeSliceEnd()) {
                break; // a hook ended the slice (Hart.requestLeave): the other harts run first
            }
        }
        return done;
    }

    void checkToHost(Hart hart) {
        if (tohostAddress < 0) {
            return;
        }
        long value = memory.load64(tohostAddress);
        if (value != 0) {
            reporter.toHost(hart, value);
        }
    }

    long instructionLimit() {
        return config.maxInstructions();
    }

    long instructionsBeforeRun() {
        return instructionsBeforeRun;
    }

    /** Instructions executed since {@link #run()} started (for a scheduler's instruction limit). */
    public long instructionsThisRun() {
        return instructions() - instructionsBeforeRun;
    }

    /** Stops the run: the instruction limit is reached ({@link MachineConfig#maxInstructions()}). */
    public void stopAtInstructionLimit(Hart hart) {
        reporter.instructionLimit(hart, config.maxInstructions());
    }

    /** Tells the task-switch handlers (see {@link io.fgraph.emulator.hook.TaskSwitchHandler}); on the hart's thread. */
    public void taskSwitched(Hart hart, int previousTask, int nextTask) {
        for (io.fgraph.emulator.hook.TaskSwitchHandler handler : hooks.taskSwitchHandlers()) {
            try {
                handler.onTaskSwitch(hart, previousTask, nextTask);
            } catch (RuntimeException e) {
                hookFailed(hart, "task switch handler", e);
                return;
            }
        }
    }

    StopReporter reporter() {
        return reporter;
    }

    Hart[] harts() {
        return harts;
    }

    AtomicReference<RunResult> stopState() {
        return stop;
    }

    void hookFailed(Hart hart, String what, RuntimeException e) {
        requestStop(StopReason.HOOK_FAILURE, StopReason.HOOK_FAILURE.exitStatus(), hart,
                "hart " + hart.id() + ": " + what + " failed at pc 0x" + Long.toHexString(hart.pc()) + ": " + e);
    }

    // ---- Environment: called by the interpreter ----

    @Override
    public HookAction onEbreak(Hart hart, int length) {
        if (length == 4 && semihosting != null && semihosting.isSemihostingCall(hart.pc())) {
            semihosting.call(hart);
            return HookAction.SKIP;
        }
        for (BreakpointHandler handler : hooks.breakpointHandlers()) {
            HookAction action;
            try {
                action = handler.onBreakpoint(hart);
            } catch (RuntimeException e) {
                hookFailed(hart, "breakpoint handler", e);
                return HookAction.RESUME;
            }
            if (action != HookAction.UNHANDLED) {
                return action;
            }
        }
        return HookAction.UNHANDLED;
    }

    @Override
    public HookAction onJavaTrap(Hart hart, int id) {
        JavaTrapHandler handler = hooks.trapHandler(id);
        if (handler == null) {
            reporter.unknownTrap(hart, id);
            return HookAction.RESUME;
        }
        try {
            HookAction action = handler.onTrap(hart, id);
            return action == HookAction.UNHANDLED ? HookAction.SKIP : action;
        } catch (RuntimeException e) {
            hookFailed(hart, "trap handler " + id, e);
            return HookAction.RESUME;
        }
    }

    @Override
    public boolean interceptException(Hart hart, int cause, long value) {
        for (ExceptionInterceptor interceptor : hooks.exceptionInterceptors()) {
            try {
                if (interceptor.onException(hart, cause, value)) {
                    return true;
                }
            } catch (RuntimeException e) {
                hookFailed(hart, "exception interceptor", e);
                return true;
            }
        }
        return false;
    }

    @Override
    public void onStackSwitch(Hart hart, long oldSp, long newSp) {
        // A copy running out of line: handlers see the pc after the original instruction, not the slot's.
        long pc = hart.pc();
        long shown = pc;
        for (io.fgraph.emulator.insn.XolArea area : outOfLineAreas) {
            shown = area.originalPc(shown);
        }
        if (shown != pc) {
            hart.setPc(shown);
        }
        try {
            for (StackSwitchHandler handler : hooks.stackSwitchHandlers()) {
                try {
                    handler.onStackSwitch(hart, oldSp, newSp);
                } catch (RuntimeException e) {
                    hookFailed(hart, "stack switch handler", e);
                    return;
                }
            }
        } finally {
            if (shown != pc) {
                hart.setPc(pc);
            }
        }
    }

    @Override
    public boolean deliverException(Hart hart, int cause, long value) {
        boolean hasVector = hart.mtvec() != 0;
        boolean alwaysDelivered = cause == TrapCause.ECALL_FROM_M || cause == TrapCause.ECALL_FROM_U;
        if (hasVector && (alwaysDelivered || config.deliverFaults())) {
            return true;
        }
        if (faultHandler != null) {
            try {
                faultHandler.onFault(hart, cause, value);
            } catch (RuntimeException e) {
                hookFailed(hart, "fault handler", e);
            }
            hart.requestLeave();
            return false;
        }
        reporter.fault(hart, cause, value);
        return false;
    }

    @Override
    public boolean parallel() {
        return config.parallel();
    }

    // ---- HartControl: the guest's semihosting services ----

    @Override
    public void exit(Hart caller, int code) {
        requestStop(StopReason.EXIT, code, caller, "");
    }

    @Override
    public void stop(Hart caller, StopReason reason, String message) {
        requestStop(reason, reason.exitStatus(), caller, message);
    }

    @Override
    public long startHart(Hart caller, long hartId, long startPc, long opaque, long stackTop) {
        if (hartId < 0 || hartId >= harts.length) {
            return -1;
        }
        Hart target = harts[(int) hartId];
        synchronized (target) {
            if (target.state() == HartState.RUNNING) {
                return -1;
            }
            target.reset(startPc);
            target.setX(Hart.A0, hartId);
            target.setX(Hart.A0 + 1, opaque);
            target.setX(Hart.SP, stackTop);
            target.setX(Hart.GP, caller.x(Hart.GP));
            target.setX(Hart.TP, caller.x(Hart.TP));
            target.advanceCycleTo(caller.cycle());
            target.setState(HartState.RUNNING);
        }
        return 0;
    }

    @Override
    public void stopHart(Hart caller) {
        caller.setState(HartState.PARKED);
    }

    @Override
    public long hartStatus(long hartId) {
        if (hartId < 0 || hartId >= harts.length) {
            return -1;
        }
        return harts[(int) hartId].state() == HartState.RUNNING ? 0 : 1;
    }

    boolean isRunning() {
        return running;
    }
}
