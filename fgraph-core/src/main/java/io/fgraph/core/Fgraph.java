package io.fgraph.core;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.hook.Backtrace;
import io.fgraph.emulator.hook.HookAction;
import io.fgraph.emulator.hook.ReturnAddressTranslator;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The function graph hook of one machine: up to 16 users ({@link FgraphOps}) share one entry hook
 * per function and one return-address hijack per call, with a shadow return stack per task
 * ({@link ShadowStack}, layout in {@link FrameLayout}).
 *
 * <p>Entry: for each user whose filter accepts the function, in index order, its entry callback
 * decides whether it wants the return; data a declining user reserved is dropped. If any user wants
 * it, {@code ra} is replaced once by the return trampoline. Return: the real return address is
 * restored first (so callbacks and unwinders see it), the return callbacks run in reverse index
 * order, and the frame is popped.
 *
 * <p>Non-local exits: each frame records the stack pointer at entry. Frames whose stack pointer
 * shows they were skipped (a longjmp) are closed with {@link ReturnContext#unwound()} set, at the next
 * hooked entry or return of their task, and tracing goes on.
 */
public final class Fgraph implements ReturnAddressTranslator {
    private final Machine machine;
    private final FunctionTable functions;
    private final TaskModel tasks;
    private final int stackWords;
    private final UserSlots slots = new UserSlots();
    private final EntryPatcher patcher;
    private final Map<Integer, TaskStacks> stacks = new ConcurrentHashMap<>();
    /** Trace task ids of fibers (a task's extra guest stacks, see {@link TaskStacks}) count up from here. */
    public static final int FIBER_TASK_BASE = 1 << 16;
    private final java.util.concurrent.atomic.AtomicInteger nextFiberTask = new java.util.concurrent.atomic.AtomicInteger(FIBER_TASK_BASE);

    private final CallContext[] contexts;
    private final List<UserFailure> failures = new CopyOnWriteArrayList<>();
    private final TrampolinePage page;
    private final long trampoline;
    private final int entryId;
    private final int returnId;
    private volatile String killReason;

    private Fgraph(Machine machine, ElfFile elf, FunctionTable functions, TaskModel tasks, int stackWords) {
        this.machine = machine;
        this.functions = functions;
        this.tasks = tasks;
        this.stackWords = stackWords;
        this.contexts = new CallContext[machine.hartCount()];
        for (int i = 0; i < contexts.length; i++) {
            contexts[i] = new CallContext(this);
        }
        this.entryId = machine.hooks().allocateTrap((hart, id) -> onEntryTrap(hart));
        this.returnId = machine.hooks().allocateTrap((hart, id) -> onReturnTrap(hart));
        this.page = new TrampolinePage(machine, elf, returnId);
        this.trampoline = page.returnTrampoline();
        this.patcher = new EntryPatcher(machine, functions, entryId);
        machine.hooks().addBreakpointHandler(this::onBreakpoint);
        machine.hooks().addStackSwitchHandler(this::onStackSwitch);
        machine.hooks().addTaskSwitchHandler(this::onHartTaskSwitch);
        boolean watching = false;
        for (EntrySite site : patcher.sites()) {
            if (site.setjmp) {
                // setjmp calls are recorded, so that a longjmp finds the stack and frame it returns to
                site.watched = true;
                patcher.patch(site);
                watching = true;
            }
        }
        if (watching) {
            machine.synchronizeText();
        }
    }

    /** Installs fgraph on {@code machine} for the program {@code elf} (already loaded). */
    public static Fgraph install(Machine machine, ElfFile elf) {
        return install(machine, elf, TaskModel.PER_HART, FrameLayout.DEFAULT_STACK_WORDS);
    }

    public static Fgraph install(Machine machine, ElfFile elf, TaskModel tasks, int stackWords) {
        return install(machine, elf, FunctionTable.of(elf), tasks, stackWords);
    }

    /**
     * Installs fgraph with an explicit table of hookable functions (for example to hook a function
     * through its first instruction although it has patchable NOPs).
     */
    public static Fgraph install(Machine machine, ElfFile elf, FunctionTable functions, TaskModel tasks, int stackWords) {
        if (stackWords < FrameLayout.MIN_FRAME_WORDS) {
            throw new IllegalArgumentException("stackWords=" + stackWords + ": must be >= " + FrameLayout.MIN_FRAME_WORDS);
        }
        return new Fgraph(machine, elf, functions, tasks, stackWords);
    }

    // ---- users ----

    /**
     * Registers {@code user} ({@link FgraphOps#onRegistered} first) and patches the entries its
     * filter adds. When it returns, every hart runs the patched entries (see
     * {@code Machine.patchText}). Close the registration to unregister.
     */
    public Registration register(FgraphOps user) {
        user.onRegistered(functions);
        FunctionFilter filter = user.filter();
        int index;
        synchronized (this) {
            if (killReason != null) {
                throw new IllegalStateException("fgraph is stopped: " + killReason);
            }
            index = slots.add(user);
            for (EntrySite site : patcher.sites()) {
                if (filter.acceptsAny(site.function.names())) {
                    site.mask |= 1 << index;
                    patcher.patch(site);
                }
            }
        }
        machine.synchronizeText(); // outside the lock: a hook waiting for it must reach its safepoint
        return new Registration(this, user, index, filter);
    }

    /** A registered user's new filter: entries patched and restored to match (see {@link Registration#setFilter}). */
    void changeFilter(Registration registration, FunctionFilter filter) {
        synchronized (this) {
            int index = registration.index();
            if (slots.ops(index) != registration.user()) {
                throw new IllegalStateException("user=" + registration.user().name() + ": not registered");
            }
            int bit = 1 << index;
            for (EntrySite site : patcher.sites()) {
                if (filter.acceptsAny(site.function.names())) {
                    site.mask |= bit;
                    patcher.patch(site);
                } else if ((site.mask & bit) != 0) {
                    site.mask &= ~bit;
                    if (!site.wanted()) {
                        patcher.unpatch(site);
                    }
                }
            }
        }
        machine.synchronizeText();
    }

    /**
     * Unregisters {@code user}: entries no other user wants are restored byte for byte. Frames in
     * flight keep their hijacked return address; their return callbacks for this user are skipped,
     * also once another user gets the same index.
     */
    public void unregister(FgraphOps user) {
        synchronized (this) {
            int index = slots.indexOf(user);
            if (index < 0) {
                throw new IllegalStateException("user=" + user.name() + ": not registered");
            }
            removeIndex(index);
        }
        machine.synchronizeText();
        user.onUnregistered();
    }

    private void removeIndex(int index) {
        int bit = 1 << index;
        for (EntrySite site : patcher.sites()) {
            if ((site.mask & bit) != 0) {
                site.mask &= ~bit;
                if (!site.wanted()) {
                    patcher.unpatch(site);
                }
            }
        }
        slots.remove(index);
    }

    public boolean isRegistered(FgraphOps user) {
        return slots.indexOf(user) >= 0;
    }

    /** The entry addresses currently patched: the union of the registered users' filters. */
    public synchronized List<Long> patchedEntries() {
        List<Long> patched = new ArrayList<>();
        for (EntrySite site : patcher.sites()) {
            if (site.patched && (site.mask != 0 || site.probes.length > 0)) {
                patched.add(site.entry());
            }
        }
        Collections.sort(patched);
        return patched;
    }

    /** Functions that cannot be hooked, with the reason (e.g. a breakpoint as first instruction). */
    public Map<String, String> untraceable() {
        return patcher.untraceable();
    }

    // ---- the hooks ----

    private HookAction onEntryTrap(Hart hart) {
        EntrySite site = patcher.site(hart.pc());
        if (site == null || site.kind == EntrySite.Kind.BREAKPOINT) {
            return HookAction.UNHANDLED;
        }
        return atEntry(hart, site);
    }

    private HookAction onBreakpoint(Hart hart) {
        EntrySite site = patcher.site(hart.pc());
        if (site == null || site.kind != EntrySite.Kind.BREAKPOINT || !site.patched) {
            return HookAction.UNHANDLED;
        }
        return atEntry(hart, site);
    }

    private HookAction atEntry(Hart hart, EntrySite site) {
        EntryProbe[] probes = site.probes;
        if (probes.length > 0) {
            long entry = site.entry();
            for (EntryProbe probe : probes) {
                if (probe.beforeEntry(hart) && hart.pc() != entry) {
                    return HookAction.RESUME; // redirected: the function is not entered
                }
            }
        }
        enter(hart, site);
        return patcher.continueAfterEntry(hart, site);
    }

    // ---- entry probes (KPROBES_ON_FTRACE) ----

    /**
     * Attaches {@code probe} to the entry of the function at {@code entry}, riding on fgraph's entry
     * patch (a kprobe at a hooked entry never patches it a second time). The entry is patched while
     * any probe or user wants it; close the returned handle to detach.
     *
     * @throws IllegalArgumentException when fgraph has no hookable entry at that address
     */
    public AutoCloseable attachEntryProbe(long entry, EntryProbe probe) {
        EntrySite site = patcher.site(entry);
        if (site == null) {
            throw new IllegalArgumentException(String.format("entry=0x%x: fgraph hooks no function entry there", entry));
        }
        synchronized (this) {
            if (killReason != null) {
                throw new IllegalStateException("fgraph is stopped: " + killReason);
            }
            EntryProbe[] probes = java.util.Arrays.copyOf(site.probes, site.probes.length + 1);
            probes[probes.length - 1] = probe;
            site.probes = probes;
            patcher.patch(site);
        }
        machine.synchronizeText();
        return () -> detachEntryProbe(site, probe);
    }

    private void detachEntryProbe(EntrySite site, EntryProbe probe) {
        synchronized (this) {
            EntryProbe[] probes = site.probes;
            int at = java.util.Arrays.asList(probes).indexOf(probe);
            if (at < 0) {
                return;
            }
            EntryProbe[] rest = new EntryProbe[probes.length - 1];
            System.arraycopy(probes, 0, rest, 0, at);
            System.arraycopy(probes, at + 1, rest, at, rest.length - at);
            site.probes = rest.length == 0 ? EntrySite.NO_PROBES : rest;
            if (!site.wanted()) {
                patcher.unpatch(site);
            }
        }
        machine.synchronizeText();
    }

    /** True if fgraph owns a hookable entry at {@code address} (an entry probe can ride on it). */
    public boolean hooksEntry(long address) {
        return patcher.site(address) != null;
    }

    private void enter(Hart hart, EntrySite site) {
        if (site.watched) {
            tasksOf(hart).recordSetjmp(hart.x(Hart.SP), hart.x(Hart.RA), site.entry(), hart.cycle());
        }
        int mask = site.mask & slots.activeMask();
        if (mask == 0 || killReason != null) {
            return;
        }
        ShadowStack stack = stackOf(hart);
        if (hart.inHook()) {
            stack.countRecursion();
            missed(stack, site, mask, MissReason.RECURSION, hart);
            return;
        }
        long sp = hart.x(Hart.SP);
        long ra = hart.x(Hart.RA);
        if (!isCall(hart, stack, site, ra, sp)) {
            return;
        }
        unwindSkippedAtEntry(hart, stack, sp, ra == trampoline);
        long now = hart.cycle();
        int header = stack.pushFrame(ra, site.entry(), sp, now, slots.currentSequence());
        if (header < 0) {
            stack.countOverrun();
            boolean wasInHook = hart.inHook();
            hart.setInHook(true);
            try {
                missed(stack, site, mask, MissReason.STACK_FULL, hart);
            } finally {
                hart.setInHook(wasInHook);
            }
            return;
        }
        CallContext call = contexts[hart.id()].forEntry(hart, stack, header, now);
        int bitmap = 0;
        hart.setInHook(true);
        try {
            for (int rest = mask; rest != 0; rest &= rest - 1) {
                int index = Integer.numberOfTrailingZeros(rest);
                FgraphOps user = slots.ops(index);
                int mark = stack.topIndex();
                call.forUser(index);
                boolean wants;
                try {
                    wants = user.onEntry(call);
                } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
                    fail(index, user, "entry", site.entry(), e);
                    wants = false;
                }
                if (call.reservationFailed) {
                    stack.countDataOverrun(); // no room for its data: it does not get this call
                    wants = false;
                    missed(stack, site, 1 << index, MissReason.NO_ROOM_FOR_DATA, hart);
                }
                if (wants) {
                    bitmap |= 1 << index;
                } else {
                    stack.truncate(mark);
                }
            }
        } finally {
            hart.setInHook(false);
        }
        if (bitmap == 0) {
            stack.popFrame(header);
            return;
        }
        stack.setBitmap(header, bitmap);
        hart.setX(Hart.RA, trampoline);
        stack.countHijack();
        if (site.setjmp) {
            TaskStacks.SetjmpPoint point = tasksOf(hart).setjmpPoint(sp);
            if (point != null) {
                point.bitmap = bitmap; // the users to tell of its second return
                point.generation = stack.generation(header);
            }
        }
    }

    /**
     * A hijacked return: the frame it belongs to is the topmost one entered with the same stack
     * pointer, on the running fiber or, after a stack switch the hook did not see, on a suspended
     * one (which then resumes). Frames above it on that stack were skipped by a non-local exit.
     */
    /** Tells the users of {@code mask} that they did not get a call (they run with the hart marked in a hook). */
    private void missed(ShadowStack stack, EntrySite site, int mask, MissReason reason, Hart hart) {
        for (int rest = mask; rest != 0; rest &= rest - 1) {
            int index = Integer.numberOfTrailingZeros(rest);
            FgraphOps user = slots.ops(index);
            try {
                user.onMissed(stack.task(), site.entry(), reason);
            } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
                fail(index, user, "missed", site.entry(), e);
            }
        }
    }

    /**
     * Whether arriving at {@code site}'s entry is a call. A branch back to the entry from inside the
     * running call (a loop such as {@code strcmp}'s {@code bnez a2, strcmp}) finds that call on top
     * with the same stack pointer and the return already hijacked: the same call goes on. A jump
     * that lands on the entry without linking (a return into it, {@code jr}) is no call either: its
     * {@code ra} does not follow a call instruction. A tail call ({@code ra} is the trampoline) and a
     * task's first function ({@code ra} is 0) are calls.
     */
    private boolean isCall(Hart hart, ShadowStack stack, EntrySite site, long ra, long sp) {
        if (ra == trampoline) {
            int top = stack.topHeader();
            return top < 0 || stack.sp(top) != sp || stack.function(top) != site.entry();
        }
        // A return address in tool text is another tracer's trampoline (a classic kretprobe hijacked it first).
        return ra == 0 || machine.isToolText(ra) || contexts[hart.id()].callSites.followsCall(ra);
    }

    private HookAction onReturnTrap(Hart hart) {
        TaskStacks task = tasksOf(hart);
        long sp = hart.x(Hart.SP);
        ShadowStack stack = task.active();
        int header = stack.returningFrame(sp);
        if (header < 0) {
            ShadowStack owner = task.suspendedOwning(sp);
            if (owner != null) {
                switchFiber(hart, task, owner, sp);
                stack = owner;
                header = stack.returningFrame(sp);
            }
        }
        if (header < 0) {
            TaskStacks.SetjmpPoint setjmp = task.setjmpPoint(sp);
            if (setjmp != null && setjmp.returnAddress() != trampoline) {
                secondReturn(hart, task.active(), setjmp);
                return HookAction.RESUME;
            }
            ShadowStack top = task.active();
            String reason = top.isEmpty()
                    ? String.format("hart %d reached the return trampoline with an empty shadow stack (task %d, sp=0x%x)",
                            hart.id(), top.task(), sp)
                    : String.format("hart %d returned with sp=0x%x but no frame of its stacks was entered with it (top frame %s, sp=0x%x)",
                            hart.id(), sp, functions.nameOf(top.function(top.topHeader())), top.sp(top.topHeader()));
            kill(reason);
            machine.requestStop(StopReason.HOOK_FAILURE, StopReason.HOOK_FAILURE.exitStatus(), hart, "fgraph: " + reason);
            return HookAction.RESUME;
        }
        int top = stack.topHeader();
        while (top != header) {
            close(hart, stack, top, true);
            top = stack.topHeader();
        }
        long ret = stack.ret(header);
        hart.setX(Hart.RA, ret);
        hart.setPc(ret);
        stack.countReturn();
        close(hart, stack, header, false);
        return HookAction.RESUME;
    }

    /**
     * A longjmp came back through a setjmp whose first return was hijacked (the {@code jmp_buf}
     * holds the trampoline): the second return of setjmp. The users that saw its call get a return
     * callback again (uftrace shows it as {@code } /* setjmp *}{@code /}), then it goes to the real
     * caller. Its "call" starts when the longjmp landed, so it nests inside its caller in every view.
     */
    private void secondReturn(Hart hart, ShadowStack stack, TaskStacks.SetjmpPoint setjmp) {
        hart.setX(Hart.RA, setjmp.returnAddress());
        hart.setPc(setjmp.returnAddress());
        if (setjmp.bitmap == 0 || killReason != null) {
            return;
        }
        long start = setjmp.landedTime != 0 ? setjmp.landedTime : hart.cycle();
        int header = stack.pushFrame(setjmp.returnAddress(), setjmp.function, setjmp.sp, start, setjmp.generation);
        if (header < 0) {
            stack.countOverrun();
            return;
        }
        stack.setBitmap(header, setjmp.bitmap);
        stack.countReturn();
        close(hart, stack, header, false, true);
    }

    // ---- stack switches (coroutines, longjmp) ----

    private void onStackSwitch(Hart hart, long oldSp, long newSp) {
        TaskStacks task = tasksOf(hart);
        TaskStacks.Switch target = task.resolve(oldSp, newSp, functions.inLongjmp(hart.pc()), nextFiberTask::getAndIncrement);
        ShadowStack fiber = target.fiber();
        if (fiber != task.active()) {
            switchFiber(hart, task, fiber, oldSp);
        }
        if (target.unwinds()) {
            TaskStacks.SetjmpPoint point = task.setjmpPoint(newSp);
            if (point != null) {
                point.landedTime = hart.cycle();
            }
            // a longjmp to a setjmp point: frames entered at or below it on that stack were skipped
            int header = fiber.topHeader();
            while (header >= 0 && Long.compareUnsigned(fiber.sp(header), newSp) <= 0) {
                close(hart, fiber, header, true);
                header = fiber.topHeader();
            }
        }
    }

    private void switchFiber(Hart hart, TaskStacks task, ShadowStack fiber, long oldSp) {
        ShadowStack previous = task.activate(fiber, oldSp);
        contexts[hart.id()].stack = fiber;
        if (killReason != null || hart.inHook()) {
            return;
        }
        tellTaskSwitch(hart, previous.task(), fiber.task());
    }

    /**
     * The platform switched {@code hart} from thread {@code previousTask} to {@code nextTask} (see
     * {@link io.fgraph.emulator.hook.TaskSwitchHandler}): users hear of it with the trace task ids
     * of both threads' running fibers.
     */
    private void onHartTaskSwitch(Hart hart, int previousTask, int nextTask) {
        if (killReason != null) {
            return;
        }
        TaskStacks previous = stacks.get(previousTask);
        TaskStacks next = stacks.get(nextTask);
        tellTaskSwitch(hart, previous == null ? previousTask : previous.active().task(),
                next == null ? nextTask : next.active().task());
    }

    private void tellTaskSwitch(Hart hart, int previousTask, int nextTask) {
        int mask = slots.activeMask();
        long now = hart.cycle();
        hart.setInHook(true);
        try {
            for (int rest = mask; rest != 0; rest &= rest - 1) {
                int index = Integer.numberOfTrailingZeros(rest);
                FgraphOps user = slots.ops(index);
                try {
                    user.onTaskSwitch(hart.id(), now, previousTask, nextTask);
                } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
                    fail(index, user, "task switch", 0, e);
                }
            }
        } finally {
            hart.setInHook(false);
        }
    }

    /**
     * At a hooked entry with stack pointer {@code sp}: a frame entered with a lower stack pointer, or
     * the same one while {@code ra} is not the trampoline (not a tail call), was left by a non-local exit.
     */
    private void unwindSkippedAtEntry(Hart hart, ShadowStack stack, long sp, boolean tailCall) {
        int header = stack.topHeader();
        while (header >= 0) {
            int order = Long.compareUnsigned(stack.sp(header), sp);
            if (order > 0 || (order == 0 && tailCall)) {
                return;
            }
            close(hart, stack, header, true);
            header = stack.topHeader();
        }
    }

    private void close(Hart hart, ShadowStack stack, int header, boolean unwound) {
        close(hart, stack, header, unwound, false);
    }

    private void close(Hart hart, ShadowStack stack, int header, boolean unwound, boolean secondReturn) {
        int bitmap = stack.bitmap(header);
        long generation = stack.generation(header);
        if (killReason == null && bitmap != 0) {
            CallContext call = contexts[hart.id()].forReturn(hart, stack, header, unwound, hart.cycle());
            call.secondReturn = secondReturn;
            boolean wasInHook = hart.inHook();
            hart.setInHook(true);
            try {
                // highest index first, only the users this frame has bits for and that are still
                // the registration that pushed it (a newer one in the slot never sees it)
                for (int rest = bitmap & slots.activeMask(); rest != 0; ) {
                    int index = 31 - Integer.numberOfLeadingZeros(rest);
                    rest &= ~(1 << index);
                    if (slots.sequence(index) > generation) {
                        continue;
                    }
                    FgraphOps user = slots.ops(index);
                    call.user = index;
                    try {
                        user.onReturn(call);
                    } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
                        fail(index, user, "return", stack.function(header), e);
                    }
                }
            } finally {
                hart.setInHook(wasInHook);
            }
        }
        if (unwound) {
            stack.countUnwound();
        }
        stack.popFrame(header);
    }

    /** A user callback threw: the user is unregistered (its entries restored when no one else wants them). */
    private void fail(int index, FgraphOps user, String callback, long function, Throwable e) {
        failures.add(new UserFailure(user.name(), index, callback, function == 0 ? "" : functions.nameOf(function), e));
        synchronized (this) {
            if (slots.ops(index) == user) {
                removeIndex(index);
            }
        }
        // Not synchronised with the other harts here: this hart returns to guest code next, and the
        // others run the restored entries at their next safepoint, where a hook cannot be waiting.
    }

    /** The running fiber's shadow stack of the task on {@code hart}. */
    private ShadowStack stackOf(Hart hart) {
        int task = tasks.taskOf(hart);
        CallContext call = contexts[hart.id()];
        ShadowStack cached = call.stack;
        if (cached != null && call.taskStacks != null && call.taskId == task) {
            return cached;
        }
        TaskStacks taskStacks = tasksOf(hart);
        ShadowStack stack = taskStacks.active();
        call.stack = stack;
        return stack;
    }

    private TaskStacks tasksOf(Hart hart) {
        int task = tasks.taskOf(hart);
        CallContext call = contexts[hart.id()];
        TaskStacks cached = call.taskStacks;
        if (cached != null && call.taskId == task) {
            return cached;
        }
        TaskStacks taskStacks = stacks.computeIfAbsent(task, t -> new TaskStacks(t, stackWords));
        call.taskStacks = taskStacks;
        call.taskId = task;
        call.stack = taskStacks.active();
        return taskStacks;
    }

    // ---- kill switch, counters, unwinding ----

    /**
     * Stops tracing for good, as Linux's {@code ftrace_graph_stop()}: every entry is restored, no
     * callback runs again, and frames in flight still return to their real callers.
     */
    public void kill(String reason) {
        synchronized (this) {
            if (killReason != null) {
                return;
            }
            killReason = reason;
            for (EntrySite site : patcher.sites()) {
                site.mask = 0;
                site.watched = false;
                if (!site.wanted()) {
                    patcher.unpatch(site); // entry probes (kprobes) riding on a site keep it
                }
            }
        }
        // Called from hooks too: the other harts run the restored entries from their next safepoint.
    }

    /** Why tracing was stopped, or null while it runs. */
    public String killReason() {
        return killReason;
    }

    public List<UserFailure> failures() {
        return Collections.unmodifiableList(failures);
    }

    public FgraphStats stats() {
        long hijacks = 0;
        long returns = 0;
        long unwound = 0;
        long overrun = 0;
        long recursion = 0;
        long dataOverruns = 0;
        for (TaskStacks task : stacks.values()) {
            for (ShadowStack stack : task.fibers()) {
                hijacks += stack.hijacks();
                returns += stack.returns();
                unwound += stack.unwound();
                overrun += stack.overrun();
                recursion += stack.recursion();
                dataOverruns += stack.dataOverruns();
            }
        }
        return new FgraphStats(hijacks, returns, unwound, overrun, recursion, failures.size(), dataOverruns);
    }

    /** The running fiber's shadow stack of {@code task}, or null if it has never been hooked. */
    public ShadowStack stack(int task) {
        TaskStacks taskStacks = stacks.get(task);
        return taskStacks == null ? null : taskStacks.active();
    }

    /** Every shadow stack of {@code task}: the running fiber's first, then the suspended ones. */
    public List<ShadowStack> stacks(int task) {
        TaskStacks taskStacks = stacks.get(task);
        return taskStacks == null ? List.of() : taskStacks.fibers();
    }

    /** The address every hijacked return address points to. */
    public long trampoline() {
        return trampoline;
    }

    public FunctionTable functions() {
        return functions;
    }

    UserSlots slots() {
        return slots;
    }

    public Machine machine() {
        return machine;
    }

    /**
     * Maps a return address seen on the guest stack back to the real one, as Linux's
     * {@code ftrace_graph_ret_addr()}: the frame entered with stack pointer {@code stackPointer}
     * holds it (following tail calls, whose saved return address is the trampoline itself).
     */
    @Override
    public long translate(Hart hart, long address, long stackPointer) {
        if (address != trampoline) {
            return address;
        }
        TaskStacks taskStacks = stacks.get(tasks.taskOf(hart));
        if (taskStacks == null) {
            return address;
        }
        ShadowStack stack = taskStacks.active();
        int header = stack.topHeader();
        while (header >= 0 && stack.sp(header) != stackPointer) {
            header = stack.headerBelow(header);
        }
        while (header >= 0 && stack.ret(header) == trampoline) {
            header = stack.headerBelow(header);
        }
        return header >= 0 ? stack.ret(header) : address;
    }

    /** A backtrace of {@code hart} with real return addresses (for use inside callbacks). */
    public Backtrace backtrace(Hart hart, boolean atEntry) {
        return atEntry ? Backtrace.captureAtEntry(hart, this) : Backtrace.capture(hart, this);
    }
}
