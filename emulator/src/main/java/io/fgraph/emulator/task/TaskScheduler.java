package io.fgraph.emulator.task;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.Scheduler;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.cpu.HartContext;
import io.fgraph.emulator.cpu.HartState;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Runs tasks (threads) on a machine's harts: a task is a thread's architectural state, a hart runs
 * one task at a time, and a task that blocks (in a futex, a sleep) leaves its hart to another.
 *
 * <pre>
 *            start()            pick (FIFO)                block() / exit()
 *   (new) ----------> READY ----------------> RUNNING -----------------------> BLOCKED / EXITED
 *                      ^  ^    quantum over, others ready |                      |
 *                      |  +-------------------------------+    wake() / timeout  |
 *                      +-------------------------------------------------------- +
 * </pre>
 *
 * <p>Deterministic mode ({@link DeterministicTaskLoop}): one host thread runs the harts in rounds
 * of {@link #quantum()} instructions each, hart 0 first; the ready queue is FIFO and timers fire at
 * round boundaries in deadline order, so two runs give the same schedule, instruction for
 * instruction. A hart with nothing to run lets its clock run to the end of the round (virtual
 * time passes while idle); when every task waits for a timer, time jumps to the first deadline.
 * Parallel mode ({@link ParallelTaskLoop}): one host thread per hart, taking tasks from the same
 * queue.
 *
 * <p>Virtual time is the clock of the hart a task runs on ({@link Hart#cycle()}, 1 ns per
 * instruction). A task picked up by a hart advances that hart's clock to the time it became ready,
 * so a task's own time never goes backwards as it moves between harts.
 *
 * <p>Saving a task's registers happens only on its hart's own thread, after its time slice: a
 * task woken before its hart saved it is queued then. A switch happens between time slices, so it
 * is a safepoint for text patching ({@link io.fgraph.emulator.cpu.CodeSync}); the task-switch
 * handlers of the machine hear of it ({@link Machine#taskSwitched}).
 *
 * <p>Every method takes the scheduler's lock ({@link #lock()}); a platform holds it too where a
 * test-and-block must be atomic (a futex wait).
 */
public final class TaskScheduler implements Scheduler {
    private final Machine machine;
    private final Object lock = new Object();
    private final int quantum;
    private final ArrayDeque<Task> ready = new ArrayDeque<>();
    private final PriorityQueue<Task> timers = new PriorityQueue<>(
            Comparator.comparingLong((Task t) -> t.deadline).thenComparingLong(t -> t.timerSequence));
    private final Map<Integer, Task> live = new TreeMap<>();
    private final Task[] running;
    private final int[] lastTask;
    private long timerSequence;
    private int switches;

    public TaskScheduler(Machine machine) {
        this.machine = machine;
        this.quantum = machine.config().quantum();
        this.running = new Task[machine.hartCount()];
        this.lastTask = new int[machine.hartCount()];
        java.util.Arrays.fill(lastTask, -1);
        for (int i = 0; i < machine.hartCount(); i++) {
            machine.hart(i).setState(HartState.PARKED);
        }
    }

    /** The lock every operation holds (see the class comment). */
    public Object lock() {
        return lock;
    }

    public Machine machine() {
        return machine;
    }

    /** Instructions a task runs before another ready task gets its hart. */
    public int quantum() {
        return quantum;
    }

    /**
     * Makes a new task with registers {@code context} ready to run, no earlier than virtual time
     * {@code readyTime}.
     */
    public Task start(int id, HartContext context, long readyTime, Object attachment) {
        synchronized (lock) {
            if (live.containsKey(id)) {
                throw new IllegalArgumentException("task id=" + id + ": already exists");
            }
            Task task = new Task(id, context, readyTime, attachment);
            live.put(id, task);
            ready.add(task);
            lock.notifyAll();
            return task;
        }
    }

    /** The task {@code hart} runs now, or null when it is idle. */
    public Task current(Hart hart) {
        synchronized (lock) {
            return running[hart.id()];
        }
    }

    /** The live (not exited) task with this id, or null. */
    public Task task(int id) {
        synchronized (lock) {
            return live.get(id);
        }
    }

    /** Tasks that have not exited, by id. */
    public List<Task> liveTasks() {
        synchronized (lock) {
            return new ArrayList<>(live.values());
        }
    }

    /** How many times a hart switched from one task to another. */
    public int switches() {
        synchronized (lock) {
            return switches;
        }
    }

    /**
     * Blocks the task running on {@code hart} (called from a system call on that hart): it leaves
     * the hart after the current instruction and resumes, with the a0 of {@link #wake} or of
     * {@code onTimeout}, at the pc its hart has then. {@code deadline} is a virtual time or
     * {@link Task#NO_DEADLINE}.
     */
    public void block(Hart hart, String waitingFor, long deadline, TimeoutAction onTimeout) {
        synchronized (lock) {
            Task task = running[hart.id()];
            if (task == null) {
                throw new IllegalStateException("hart " + hart.id() + " runs no task");
            }
            task.state = TaskState.BLOCKED;
            task.waitingFor = waitingFor;
            task.hasWakeResult = false;
            task.deadline = deadline;
            task.onTimeout = onTimeout;
            if (deadline != Task.NO_DEADLINE) {
                task.timerSequence = timerSequence++;
                timers.add(task);
            }
            hart.setState(HartState.PARKED); // its time slice ends after this instruction
        }
    }

    /**
     * Wakes a blocked task: it resumes with {@code a0}, no earlier than {@code time}. Returns false
     * if it was not blocked.
     */
    public boolean wake(Task task, long a0, long time) {
        synchronized (lock) {
            if (task.state != TaskState.BLOCKED) {
                return false;
            }
            if (task.deadline != Task.NO_DEADLINE) {
                timers.remove(task);
            }
            makeReady(task, a0, time);
            return true;
        }
    }

    private void makeReady(Task task, long a0, long time) {
        task.state = TaskState.READY;
        task.waitingFor = "";
        task.deadline = Task.NO_DEADLINE;
        task.onTimeout = null;
        task.readyTime = Math.max(task.readyTime, time);
        task.wakeResult = a0;
        task.hasWakeResult = true;
        if (task.hart < 0) {
            task.context.setX(Hart.A0, a0);
            task.hasWakeResult = false;
            ready.add(task);
            lock.notifyAll();
        }
    }

    /** Replaces what a blocked task's timeout does (a futex waiter moved to another queue). */
    public void retarget(Task task, TimeoutAction onTimeout) {
        synchronized (lock) {
            if (task.state == TaskState.BLOCKED) {
                task.onTimeout = onTimeout;
            }
        }
    }

    /**
     * Wakes a task blocked in a call that runs again when woken (its pc is still at the call): its
     * registers are left as they are. Returns false if it was not blocked.
     */
    public boolean wakeToRetry(Task task, long time) {
        synchronized (lock) {
            if (task.state != TaskState.BLOCKED) {
                return false;
            }
            if (task.deadline != Task.NO_DEADLINE) {
                timers.remove(task);
            }
            task.state = TaskState.READY;
            task.waitingFor = "";
            task.deadline = Task.NO_DEADLINE;
            task.onTimeout = null;
            task.readyTime = Math.max(task.readyTime, time);
            task.hasWakeResult = false;
            if (task.hart < 0) {
                ready.add(task);
                lock.notifyAll();
            } else {
                task.retryPending = true;
            }
            return true;
        }
    }

    /** The task on {@code hart} gives its hart to the next ready task at the end of this instruction. */
    public void yield(Hart hart) {
        synchronized (lock) {
            Task task = running[hart.id()];
            if (task != null) {
                task.yieldRequested = true;
                hart.setState(HartState.PARKED);
            }
        }
    }

    /** The task on {@code hart} ends: it leaves the hart and never runs again. */
    public void exit(Hart hart) {
        synchronized (lock) {
            Task task = running[hart.id()];
            if (task != null) {
                task.state = TaskState.EXITED;
                live.remove(task.id());
                hart.setState(HartState.PARKED);
            }
        }
    }

    /** True if some task is blocked with a deadline. */
    boolean hasTimers() {
        return !timers.isEmpty();
    }

    /** The first deadline, or {@link Task#NO_DEADLINE}. */
    long firstDeadline() {
        Task first = timers.peek();
        return first == null ? Task.NO_DEADLINE : first.deadline;
    }

    /** Wakes, in deadline order, every timed wait whose deadline is at or before {@code now}. Under the lock. */
    void fireTimers(long now) {
        while (!timers.isEmpty() && timers.peek().deadline <= now) {
            Task task = timers.poll();
            long a0 = task.onTimeout == null ? 0 : task.onTimeout.onTimeout(task);
            makeReady(task, a0, task.deadline);
        }
    }

    boolean hasReady() {
        return !ready.isEmpty();
    }

    /**
     * Gives {@code hart} the next ready task, if any, and loads it; under the lock. Returns the
     * task and the one the hart ran before (for the switch report), or null.
     */
    Task pick(Hart hart) {
        Task task = ready.poll();
        if (task == null) {
            return null;
        }
        task.state = TaskState.RUNNING;
        task.hart = hart.id();
        running[hart.id()] = task;
        hart.loadContext(task.context);
        hart.setTask(task.id());
        hart.advanceCycleTo(task.readyTime);
        hart.setState(HartState.RUNNING);
        return task;
    }

    /** The task {@code hart} ran before its current one, and records the current one (after {@link #pick}). */
    int switchedFrom(Hart hart, Task task) {
        int previous = lastTask[hart.id()];
        lastTask[hart.id()] = task.id();
        if (previous >= 0 && previous != task.id()) {
            switches++;
            return previous;
        }
        return -1;
    }

    /**
     * After a time slice of {@code task} on {@code hart}: saves it if it leaves the hart (blocked,
     * woken meanwhile, exited, yielding, or its quantum is over and another task is ready). Under
     * the lock. Returns true if the hart keeps running it.
     */
    boolean afterSlice(Hart hart, Task task, long executed, boolean quantumOver) {
        task.instructions += executed;
        boolean preempt = task.state == TaskState.RUNNING
                && (task.yieldRequested || (quantumOver && !ready.isEmpty()));
        if (task.state == TaskState.RUNNING && !preempt) {
            return true;
        }
        task.yieldRequested = false;
        running[hart.id()] = null;
        task.hart = -1;
        hart.setState(HartState.PARKED);
        if (task.state == TaskState.EXITED) {
            return false;
        }
        hart.saveContext(task.context);
        task.readyTime = Math.max(task.readyTime, hart.cycle());
        if (preempt) {
            task.state = TaskState.READY;
            ready.add(task);
        } else if (task.state == TaskState.READY && (task.hasWakeResult || task.retryPending)) {
            if (task.hasWakeResult) {
                task.context.setX(Hart.A0, task.wakeResult); // woken before its hart could save it
            }
            task.hasWakeResult = false;
            task.retryPending = false;
            ready.add(task);
        }
        return false;
    }

    /** Stops the run: every task is blocked and no timer is pending. Under the lock. */
    void deadlock(Hart hart) {
        StringBuilder why = new StringBuilder("every thread is blocked and no timer is pending (a deadlock):");
        String separator = " ";
        for (Task task : live.values()) {
            why.append(separator).append("thread ").append(task.id()).append(" waits for ")
                    .append(task.waitingFor.isEmpty() ? "nothing known" : task.waitingFor);
            separator = ", ";
        }
        machine.requestStop(StopReason.ALL_HARTS_PARKED, StopReason.ALL_HARTS_PARKED.exitStatus(), hart, why.toString());
    }

    /** Every task has exited without the platform ending the run: nothing is left to run. Under the lock. */
    boolean nothingLeft() {
        return live.isEmpty();
    }

    @Override
    public void run() {
        if (machine.config().parallel()) {
            new ParallelTaskLoop(this).run();
        } else {
            new DeterministicTaskLoop(this).run();
        }
    }

    /** Runs {@code budget} instructions of {@code hart}'s task, within the instruction limit; false if the limit is reached. */
    long budget(Hart hart, long budget) {
        long limit = machine.config().maxInstructions();
        if (limit > 0) {
            budget = Math.min(budget, limit - machine.instructionsThisRun());
            if (budget <= 0) {
                machine.stopAtInstructionLimit(hart);
                return 0;
            }
        }
        return budget;
    }
}
