package io.fgraph.core;

import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * One task's shadow stacks: one per guest stack the task runs on. A task that switches stacks
 * (coroutines with a swap routine, or setjmp/longjmp onto another stack) runs several
 * <em>fibers</em>, each with its own LIFO {@link ShadowStack} and its own trace task id, so the
 * frames of a stack that is switched out stay open and close when it resumes.
 *
 * <p>A switch is an instruction that loads or moves a value into {@code sp} (the emulator's
 * stack-switch hook). Where it goes, in this order:
 * <ol>
 *   <li>to a suspended fiber whose saved stack pointer is exactly the new one (a swap routine
 *       restores what it saved);</li>
 *   <li>to the fiber that called {@code setjmp} with exactly that stack pointer (a longjmp, on the
 *       same stack or onto another): its frames entered at or below it were skipped. Inside a
 *       longjmp-family function this rule comes first;</li>
 *   <li>staying on the running fiber when the stack pointer moves up inside its innermost frame (a
 *       stack pointer restored from a register or a slot, e.g. after a variable-length array), or
 *       when the running fiber has no frames (there is nothing to keep apart);</li>
 *   <li>to a suspended fiber whose stack holds it, between where it was suspended and its top frame;</li>
 *   <li>otherwise to a new fiber (a stack seen for the first time).</li>
 * </ol>
 * The running fiber is suspended when another one takes over. A return whose stack pointer
 * matches no frame of the running fiber, but a frame of a suspended one, resumes that fiber
 * (a switch the hook did not see), so the guest always gets its real return address back.
 */
final class TaskStacks {
    /** Fibers one task may have; past it a new stack is followed on the running fiber. */
    static final int MAX_FIBERS = 4096;
    /** Recorded setjmp points per task; the oldest half is forgotten past it. */
    static final int MAX_SETJMP_POINTS = 4096;

    private final int stackWords;
    private ShadowStack active;
    private final List<ShadowStack> suspended = new ArrayList<>();
    private final Long2ObjectHashMap<SetjmpPoint> setjmpPoints = new Long2ObjectHashMap<>();
    private long setjmpClock;

    /**
     * Where {@code setjmp} was called: the stack pointer it saves, the fiber, and the return it will
     * make again after a longjmp; once its first return went through the trampoline, which users saw
     * it (their bitmap and the registration sequence), so the second return reaches them too.
     */
    static final class SetjmpPoint {
        final ShadowStack fiber;
        final long returnAddress;
        final long function;
        final long order;
        final long entryTime;
        final long sp;
        int bitmap;
        long generation;
        /** When a longjmp last landed here: the second return's call starts then. */
        long landedTime;

        SetjmpPoint(ShadowStack fiber, long sp, long returnAddress, long function, long entryTime, long order) {
            this.fiber = fiber;
            this.sp = sp;
            this.returnAddress = returnAddress;
            this.function = function;
            this.entryTime = entryTime;
            this.order = order;
        }

        ShadowStack fiber() {
            return fiber;
        }

        long returnAddress() {
            return returnAddress;
        }
    }

    TaskStacks(int task, int stackWords) {
        this.stackWords = stackWords;
        this.active = new ShadowStack(task, stackWords);
    }

    ShadowStack active() {
        return active;
    }

    /** Every fiber of the task, the running one first. */
    List<ShadowStack> fibers() {
        List<ShadowStack> all = new ArrayList<>(suspended.size() + 1);
        all.add(active);
        all.addAll(suspended);
        return all;
    }

    /**
     * Where a switch from {@code oldSp} to {@code newSp} goes; the caller then calls {@link #activate}.
     * {@code inLongjmp}: the switch is made by a longjmp-family function, so a recorded setjmp point
     * takes precedence over a fiber suspended at the same stack pointer.
     */
    Switch resolve(long oldSp, long newSp, boolean inLongjmp, IntSupplier newFiberTask) {
        SetjmpPoint point = setjmpPoints.get(newSp);
        boolean pointAlive = point != null && (point.fiber() == active || suspended.contains(point.fiber()));
        if (inLongjmp && pointAlive) {
            return new Switch(point.fiber(), true);
        }
        ShadowStack exact = null;
        for (ShadowStack fiber : suspended) {
            if (fiber.suspendedSp == newSp) {
                exact = fiber;
            }
        }
        if (exact != null) {
            return new Switch(exact, false);
        }
        if (pointAlive) {
            return new Switch(point.fiber(), true);
        }
        if (active.isEmpty() || (Long.compareUnsigned(oldSp, newSp) <= 0
                && Long.compareUnsigned(newSp, active.sp(active.topHeader())) <= 0)) {
            return new Switch(active, false); // a restore inside the innermost frame, or nothing to keep apart
        }
        ShadowStack holder = null;
        long closest = 0;
        for (ShadowStack fiber : suspended) {
            if (!fiber.isEmpty() && Long.compareUnsigned(fiber.suspendedSp, newSp) <= 0
                    && Long.compareUnsigned(newSp, fiber.sp(fiber.topHeader())) < 0) {
                long distance = newSp - fiber.suspendedSp;
                if (holder == null || Long.compareUnsigned(distance, closest) < 0) {
                    holder = fiber;
                    closest = distance;
                }
            }
        }
        if (holder != null) {
            return new Switch(holder, false);
        }
        if (suspended.size() + 1 >= MAX_FIBERS) {
            return new Switch(active, false);
        }
        return new Switch(new ShadowStack(newFiberTask.getAsInt(), stackWords), false);
    }

    /** A resolved switch: the fiber to run, and whether its frames at or below the new sp were skipped. */
    record Switch(ShadowStack fiber, boolean unwinds) {
    }

    /** Makes {@code fiber} the running one, suspending the current one at {@code oldSp}; returns the previous one. */
    ShadowStack activate(ShadowStack fiber, long oldSp) {
        ShadowStack previous = active;
        if (fiber == previous) {
            return previous;
        }
        suspended.remove(fiber);
        previous.suspendedSp = oldSp;
        suspended.add(previous);
        fiber.suspendedSp = 0;
        active = fiber;
        return previous;
    }

    /** A suspended fiber with a frame a return with stack pointer {@code sp} belongs to, or null. */
    ShadowStack suspendedOwning(long sp) {
        for (int i = suspended.size() - 1; i >= 0; i--) {
            ShadowStack fiber = suspended.get(i);
            if (fiber.returningFrame(sp) >= 0) {
                return fiber;
            }
        }
        return null;
    }

    /** Records a call of setjmp (at its entry: {@code sp} is what it saves) on the running fiber. */
    void recordSetjmp(long sp, long returnAddress, long function, long time) {
        if (setjmpPoints.size() >= MAX_SETJMP_POINTS) {
            long cut = setjmpClock - MAX_SETJMP_POINTS / 2;
            setjmpPoints.values().removeIf(p -> p.order < cut);
        }
        setjmpPoints.put(sp, new SetjmpPoint(active, sp, returnAddress, function, time, setjmpClock++));
    }

    /** The setjmp call that saved stack pointer {@code sp}, or null. */
    SetjmpPoint setjmpPoint(long sp) {
        return setjmpPoints.get(sp);
    }
}
