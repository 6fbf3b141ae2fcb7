package io.fgraph.emulator.linux;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.cpu.HartContext;
import io.fgraph.emulator.linux.fs.FileTable;
import io.fgraph.emulator.linux.fs.GuestRoot;
import io.fgraph.emulator.memory.PagedMemory;
import io.fgraph.emulator.task.Task;
import io.fgraph.emulator.task.TaskScheduler;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The one process the Linux platform runs: its address space, threads, files, signal
 * dispositions and the rest of what a kernel keeps per process. System calls run on the calling
 * hart's thread and hold {@link #lock()} (the task scheduler's: a futex's test-and-block and the
 * scheduling it causes are one atomic step), so they are serialised across harts.
 */
public final class LinuxProcess {
    public static final int PID = 1;
    public static final int UID = 1000;
    public static final int GID = 1000;

    private final Machine machine;
    private final MachineConfig config;
    private final LinuxConfig linux;
    private final PagedMemory memory;
    private final AddressSpace space;
    private final TaskScheduler scheduler;
    private final GuestRoot root;
    private final FileTable files = new FileTable();
    private final Futexes futexes;
    private final UserMemory user;
    private final SignalCalls signals;
    private final SplittableRandom random;
    private final Strace strace;
    private final PrintStream messages;
    private final Set<String> warned = new HashSet<>();
    private List<String> cwd = List.of();
    private int umask = 022;
    private int nextTid = PID + 1;
    private boolean threaded;
    private final long epochNanos;

    LinuxProcess(Machine machine, MachineConfig config, LinuxConfig linux, PagedMemory memory, AddressSpace space,
                 TaskScheduler scheduler, GuestRoot root) {
        this.machine = machine;
        this.config = config;
        this.linux = linux;
        this.memory = memory;
        this.space = space;
        this.scheduler = scheduler;
        this.root = root;
        this.futexes = new Futexes(this);
        this.user = new UserMemory(memory);
        this.signals = new SignalCalls(this, user);
        this.random = new SplittableRandom(linux.seed());
        this.strace = linux.strace() == null ? null : new Strace(linux.strace(), memory);
        this.messages = new PrintStream(config.stderr(), true);
        this.epochNanos = config.epochSeconds() * 1_000_000_000L;
    }

    public Object lock() {
        return scheduler.lock();
    }

    public Machine machine() {
        return machine;
    }

    MachineConfig config() {
        return config;
    }

    LinuxConfig linux() {
        return linux;
    }

    public PagedMemory memory() {
        return memory;
    }

    public AddressSpace space() {
        return space;
    }

    public TaskScheduler scheduler() {
        return scheduler;
    }

    GuestRoot root() {
        return root;
    }

    FileTable files() {
        return files;
    }

    Futexes futexes() {
        return futexes;
    }

    UserMemory user() {
        return user;
    }

    SignalCalls signals() {
        return signals;
    }

    Strace strace() {
        return strace;
    }

    List<String> cwd() {
        return cwd;
    }

    void setCwd(List<String> components) {
        this.cwd = List.copyOf(components);
    }

    int umask() {
        return umask;
    }

    int setUmask(int mask) {
        int old = umask;
        umask = mask & 0777;
        return old;
    }

    /** Nanoseconds since the Unix epoch at virtual time {@code now} (CLOCK_REALTIME). */
    long realtime(long now) {
        return epochNanos + now;
    }

    long epochNanos() {
        return epochNanos;
    }

    /** The next bytes of the seeded generator (AT_RANDOM, getrandom, /dev/urandom). */
    void randomBytes(byte[] bytes) {
        synchronized (random) {
            random.nextBytes(bytes);
        }
    }

    /** {@code "[pid 2] "} once the process has more than one thread, else empty (strace -f). */
    String stracePrefix(LinuxThread thread) {
        return threaded ? "[pid " + thread.tid() + "] " : "";
    }

    /** A one-line warning on stderr, once per {@code key}. */
    void warnOnce(String key, String message) {
        synchronized (warned) {
            if (!warned.add(key)) {
                return;
            }
        }
        messages.println("fgraph: warning: " + message);
    }

    // ---- threads ----

    /** Starts the main thread at {@code context}. */
    Task startMainThread(HartContext context) {
        return scheduler.start(PID, context, 0, new LinuxThread(PID));
    }

    /** Starts a new thread (clone) with {@code context}; returns its tid, or -EAGAIN past the tid range. */
    int startThread(HartContext context, long now, java.util.function.IntConsumer beforeStart) {
        if (nextTid >= io.fgraph.emulator.linux.LinuxPlatform.MAX_TID) {
            return -Errno.EAGAIN;
        }
        int tid = nextTid++;
        threaded = true;
        beforeStart.accept(tid);
        scheduler.start(tid, context, now, new LinuxThread(tid));
        return tid;
    }

    /**
     * Wakes a thread blocked in a system call with result {@code a0} at virtual time {@code now},
     * printing the strace {@code resumed} line.
     */
    boolean wake(Task task, long a0, long now) {
        LinuxThread thread = (LinuxThread) task.attachment();
        boolean woken = scheduler.wake(task, a0, now);
        if (woken) {
            resumed(thread, a0);
        }
        return woken;
    }

    /** The strace line of a blocked call that ends with {@code a0}. */
    void resumed(LinuxThread thread, long a0) {
        if (strace != null && thread.blockedIn != null) {
            strace.resumed(stracePrefix(thread), thread.blockedIn, a0);
        }
        thread.blockedIn = null;
    }

    /**
     * The thread on {@code hart} exits with {@code status} ({@code exit}): its clear_child_tid word
     * is cleared and woken (pthread_join waits on it); the last thread to exit ends the process.
     */
    void exitThread(SystemCallContext call, int status) {
        LinuxThread thread = call.thread();
        if (thread.clearChildTid != 0) {
            try {
                memory.store32(thread.clearChildTid, 0);
                futexes.wake(thread.clearChildTid, 1, Futexes.BITSET_ANY, call.now());
            } catch (RuntimeException e) {
                // an address that is not mapped any more: nothing to clear (as the kernel ignores it)
            }
        }
        scheduler.exit(call.hart());
        if (scheduler.liveTasks().isEmpty()) {
            exitGroup(call.hart(), status);
        }
    }

    /** The process exits with {@code status} ({@code exit_group}, or its last thread's {@code exit}). */
    void exitGroup(Hart hart, int status) {
        machine.requestStop(StopReason.EXIT, status & 0xFF, hart, "");
    }

    /** The process is killed by {@code signal}: exit status 128 + signal, and a report saying why. */
    void killedBy(Hart hart, int signal, String why) {
        machine.requestStop(StopReason.KILLED_BY_SIGNAL, 128 + signal, hart,
                why + (why.isEmpty() ? "" : ": ") + "killed by " + FlagNames.signal(signal));
    }

    /** Threads the process had, the main thread included. */
    public int threadsCreated() {
        synchronized (lock()) {
            return nextTid - PID;
        }
    }

    /** The guest thread ids live now, in order (for reports). */
    List<Task> threads() {
        return scheduler.liveTasks();
    }
}
