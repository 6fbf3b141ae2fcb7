package io.fgraph.core;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where each kind of stack-pointer write goes among a task's fibers ({@link TaskStacks}'s rules in order). */
class TaskStacksTest {
    private static final long MAIN = 0x8000_f000L;
    private static final long OTHER = 0x8000_1000L;
    private final AtomicInteger ids = new AtomicInteger(100);
    private final TaskStacks task = new TaskStacks(0, 4096);

    private void call(long sp) {
        task.active().pushFrame(0x8000_0100L, 0x8000_0200L, sp, 0, 0);
    }

    private ShadowStack switchTo(long oldSp, long newSp) {
        TaskStacks.Switch to = task.resolve(oldSp, newSp, false, ids::getAndIncrement);
        task.activate(to.fiber(), oldSp);
        return to.fiber();
    }

    @Test
    void aStackSeenForTheFirstTimeGetsANewFiberAndTheOldOneResumesWhereItLeft() {
        call(MAIN);
        call(MAIN - 0x40);
        ShadowStack main = task.active();
        ShadowStack other = switchTo(MAIN - 0x80, OTHER);
        assertNotSame(main, other);
        assertEquals(100, other.task());
        call(OTHER - 0x10);
        assertSame(main, switchTo(OTHER - 0x30, MAIN - 0x80), "a swap restores exactly the saved sp");
        assertEquals(2, main.depth());
        assertSame(other, switchTo(MAIN - 0x80, OTHER - 0x30));
        assertEquals(1, other.depth());
    }

    @Test
    void aRestoreInsideTheInnermostFrameStaysOnTheFiber() {
        call(MAIN);
        ShadowStack main = task.active();
        assertSame(main, switchTo(MAIN - 0x200, MAIN - 0x40), "mv sp, s1 after a variable-length array");
        assertSame(main, switchTo(MAIN - 0x40, MAIN), "exactly the frame's entry sp");
    }

    @Test
    void aLowerStackIsAnotherStackNotADeeperFrame() {
        call(MAIN);
        ShadowStack main = task.active();
        assertNotSame(main, switchTo(MAIN - 0x80, OTHER), "sp moving down by a load is a switch");
    }

    @Test
    void aLongjmpToARecordedSetjmpGoesToItsFiberAndUnwinds() {
        call(MAIN);
        ShadowStack main = task.active();
        task.recordSetjmp(MAIN - 0x40, 0x8000_0300L, 0x8000_0400L, 0);
        ShadowStack other = switchTo(MAIN - 0x80, OTHER);
        call(OTHER - 0x10);
        TaskStacks.Switch back = task.resolve(OTHER - 0x20, MAIN - 0x40, true, ids::getAndIncrement);
        assertSame(main, back.fiber());
        assertTrue(back.unwinds());
        assertNotSame(other, back.fiber());
    }

    @Test
    void aStackPointerBetweenASuspendedFibersSuspensionPointAndItsTopFrameResumesIt() {
        call(MAIN);
        ShadowStack main = task.active();
        switchTo(MAIN - 0x100, OTHER);
        call(OTHER - 0x10);
        TaskStacks.Switch back = task.resolve(OTHER - 0x20, MAIN - 0x80, false, ids::getAndIncrement);
        assertSame(main, back.fiber());
        assertFalse(back.unwinds());
    }

    @Test
    void aReturnFindsItsFrameOnASuspendedFiber() {
        call(MAIN);
        ShadowStack main = task.active();
        switchTo(MAIN - 0x100, OTHER);
        call(OTHER - 0x10);
        assertSame(main, task.suspendedOwning(MAIN));
        assertEquals(null, task.suspendedOwning(MAIN - 8));
    }
}
