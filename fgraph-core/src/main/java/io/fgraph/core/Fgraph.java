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
 * shows they were skipped (a longjmp) are closed with {@link CallContext#unwound()} set, at the next
 * hooked entry or return of their task, and tracing goes on.
 */
public final class Fgraph implements ReturnAddressTranslator {
    private final Machine machine;
    private final FunctionTable functions;
    private final TaskModel tasks;
    private final int stackWords;
    private final UserSlots slots = new UserSlots();
    private final Long2ObjectHashMap<EntrySite> sites = new Long2ObjectHashMap<>();
    /** Out-of-line resume addresses; replaced, never changed in place, as harts read it without locks. */
    private volatile Long2ObjectHashMap<EntrySite> resumeSites = new Long2ObjectHashMap<>();
    private final Map<String, String> untraceable = new java.util.TreeMap<>();
    private final Map<Integer, ShadowStack> stacks = new ConcurrentHashMap<>();
    private final CallContext[] contexts;
    private final List<UserFailure> failures = new CopyOnWriteArrayList<>();
    private final TrampolinePage page;
    private final long trampoline;
    private final int entryId;
    private final int returnId;
    private final int resumeId;
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
        this.resumeId = machine.hooks().allocateTrap((hart, id) -> onResumeTrap(hart));
        this.page = new TrampolinePage(machine, elf, returnId, resumeId);
        this.trampoline = page.returnTrampoline();
        SiteInspector inspector = new SiteInspector(machine.memory());
        for (TraceableFunction function : functions.functions()) {
            EntrySite site = inspector.inspect(function);
            if (site == null) {
                continue;
            }
            if (site.kind != EntrySite.Kind.NOPS && site.displaced == EntrySite.Displaced.NONE) {
                untraceable.put(function.name(), SiteInspector.reason(site));
                continue;
            }
            sites.put(function.entry(), site);
        }
        machine.hooks().addBreakpointHandler(this::onBreakpoint);
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

    /** Registers {@code user} and patches the entries its filter adds; returns its index (0..15). */
    public synchronized int register(FgraphOps user) {
        if (killReason != null) {
            throw new IllegalStateException("fgraph is stopped: " + killReason);
        }
        int index = slots.add(user);
        FunctionFilter filter = user.filter();
        for (EntrySite site : sites.values()) {
            if (filter.accepts(site.function.name())) {
                site.mask |= 1 << index;
                patch(site);
            }
        }
        return index;
    }

    /**
     * Unregisters {@code user}: entries no other user wants are restored byte for byte. Frames in
     * flight keep their hijacked return address; their return callbacks for this user are skipped,
     * also once another user gets the same index.
     */
    public synchronized void unregister(FgraphOps user) {
        int index = slots.indexOf(user);
        if (index < 0) {
            throw new IllegalStateException("user=" + user.name() + ": not registered");
        }
        removeIndex(index);
    }

    private void removeIndex(int index) {
        int bit = 1 << index;
        for (EntrySite site : sites.values()) {
            if ((site.mask & bit) != 0) {
                site.mask &= ~bit;
                if (site.mask == 0) {
                    unpatch(site);
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
        for (EntrySite site : sites.values()) {
            if (site.patched) {
                patched.add(site.entry());
            }
        }
        Collections.sort(patched);
        return patched;
    }

    /** Functions that cannot be hooked, with the reason (e.g. a branch as first instruction). */
    public Map<String, String> untraceable() {
        return Collections.unmodifiableMap(untraceable);
    }

    private void patch(EntrySite site) {
        if (site.patched) {
            return;
        }
        if (site.displaced == EntrySite.Displaced.OUT_OF_LINE && site.outOfLine == 0) {
            long outOfLine = page.allocateOutOfLine(site.original);
            Long2ObjectHashMap<EntrySite> resumes = new Long2ObjectHashMap<>();
            resumes.putAll(resumeSites);
            resumes.put(outOfLine + site.originalLength(), site);
            resumeSites = resumes;
            site.outOfLine = outOfLine;
        }
        machine.patchText(site.entry(), SiteInspector.hookBytes(site, entryId));
        site.patched = true;
    }

    private void unpatch(EntrySite site) {
        if (!site.patched) {
            return;
        }
        machine.patchText(site.entry(), site.original);
        site.patched = false;
    }

    // ---- the hooks ----

    private HookAction onEntryTrap(Hart hart) {
        EntrySite site = sites.get(hart.pc());
        if (site == null) {
            return HookAction.UNHANDLED;
        }
        enter(hart, site);
        return continueAfterEntry(hart, site);
    }

    private HookAction onBreakpoint(Hart hart) {
        EntrySite site = sites.get(hart.pc());
        if (site == null || site.kind != EntrySite.Kind.BREAKPOINT || !site.patched) {
            return HookAction.UNHANDLED;
        }
        enter(hart, site);
        return continueAfterEntry(hart, site);
    }

    private HookAction onResumeTrap(Hart hart) {
        EntrySite site = resumeSites.get(hart.pc());
        if (site == null) {
            return HookAction.UNHANDLED;
        }
        hart.setPc(site.entry() + site.originalLength());
        return HookAction.RESUME;
    }

    private HookAction continueAfterEntry(Hart hart, EntrySite site) {
        switch (site.displaced) {
            case NONE:
                return HookAction.SKIP; // over the patched NOPs
            case OUT_OF_LINE:
                hart.setPc(site.outOfLine);
                return HookAction.RESUME;
            case EMULATE_AUIPC: {
                int word = site.originalWord();
                hart.setX((word >>> 7) & 31, site.entry() + (long) (word & 0xFFFFF000));
                hart.setPc(site.entry() + 4);
                return HookAction.RESUME;
            }
            case EMULATE_JAL: {
                int word = site.originalWord();
                hart.setX((word >>> 7) & 31, site.entry() + 4);
                hart.setPc(site.entry() + SiteInspector.jalOffset(word));
                return HookAction.RESUME;
            }
            default:
                throw new IllegalStateException("displaced=" + site.displaced);
        }
    }

    private void enter(Hart hart, EntrySite site) {
        int mask = site.mask & slots.activeMask();
        if (mask == 0 || killReason != null) {
            return;
        }
        ShadowStack stack = stackOf(hart);
        if (hart.inHook()) {
            stack.recursion++;
            return;
        }
        long sp = hart.x(Hart.SP);
        long ra = hart.x(Hart.RA);
        unwindSkippedAtEntry(hart, stack, sp, ra == trampoline);
        long now = hart.cycle();
        int header = stack.pushFrame(ra, site.entry(), sp, now, slots.currentSequence());
        if (header < 0) {
            stack.countOverrun();
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
                call.user = index;
                call.reserved = false;
                boolean wants;
                try {
                    wants = user.onEntry(call);
                } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
                    fail(index, user, "entry", site.entry(), e);
                    wants = false;
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
        stack.hijacks++;
    }

    private HookAction onReturnTrap(Hart hart) {
        ShadowStack stack = stackOf(hart);
        long sp = hart.x(Hart.SP);
        int header = stack.topHeader();
        while (header >= 0 && Long.compareUnsigned(stack.sp(header), sp) < 0) {
            close(hart, stack, header, true);
            header = stack.topHeader();
        }
        if (header < 0) {
            String reason = String.format("hart %d reached the return trampoline with an empty shadow stack (task %d, sp=0x%x)",
                    hart.id(), stack.task(), sp);
            kill(reason);
            machine.requestStop(StopReason.HOOK_FAILURE, StopReason.HOOK_FAILURE.exitStatus(), hart, "fgraph: " + reason);
            return HookAction.RESUME;
        }
        if (stack.sp(header) != sp) {
            kill(String.format("hart %d returned with sp=0x%x but the top frame (%s) was entered with sp=0x%x",
                    hart.id(), sp, functions.nameOf(stack.function(header)), stack.sp(header)));
        }
        long ret = stack.ret(header);
        hart.setX(Hart.RA, ret);
        hart.setPc(ret);
        stack.returns++;
        close(hart, stack, header, false);
        return HookAction.RESUME;
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
        int bitmap = stack.bitmap(header);
        long generation = stack.generation(header);
        if (killReason == null && bitmap != 0) {
            CallContext call = contexts[hart.id()].forReturn(hart, stack, header, unwound, hart.cycle());
            boolean wasInHook = hart.inHook();
            hart.setInHook(true);
            try {
                for (int index = FrameLayout.MAX_USERS - 1; index >= 0; index--) {
                    if ((bitmap & (1 << index)) == 0 || !slots.validFor(index, generation)) {
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
            stack.unwound++;
        }
        stack.popFrame(header);
    }

    private void fail(int index, FgraphOps user, String callback, long function, Throwable e) {
        failures.add(new UserFailure(user.name(), index, callback, functions.nameOf(function), e));
        synchronized (this) {
            if (slots.ops(index) == user) {
                removeIndex(index);
            }
        }
    }

    private ShadowStack stackOf(Hart hart) {
        int task = tasks.taskOf(hart);
        CallContext call = contexts[hart.id()];
        ShadowStack cached = call.stack;
        if (cached != null && cached.task() == task) {
            return cached;
        }
        ShadowStack stack = stacks.computeIfAbsent(task, t -> new ShadowStack(t, stackWords));
        call.stack = stack;
        return stack;
    }

    // ---- kill switch, counters, unwinding ----

    /**
     * Stops tracing for good, as Linux's {@code ftrace_graph_stop()}: every entry is restored, no
     * callback runs again, and frames in flight still return to their real callers.
     */
    public synchronized void kill(String reason) {
        if (killReason != null) {
            return;
        }
        killReason = reason;
        for (EntrySite site : sites.values()) {
            site.mask = 0;
            unpatch(site);
        }
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
        for (ShadowStack stack : stacks.values()) {
            hijacks += stack.hijacks;
            returns += stack.returns;
            unwound += stack.unwound;
            overrun += stack.overrun();
            recursion += stack.recursion;
        }
        return new FgraphStats(hijacks, returns, unwound, overrun, recursion, failures.size());
    }

    /** The shadow stack of {@code task}, or null if it has never been hooked. */
    public ShadowStack stack(int task) {
        return stacks.get(task);
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
        ShadowStack stack = stacks.get(tasks.taskOf(hart));
        if (stack == null) {
            return address;
        }
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
