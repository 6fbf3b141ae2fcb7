package io.fgraph.emulator.linux;

import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.cpu.Asm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** System calls one at a time, from hand-assembled programs: results, errors and reports. */
class SystemCallsTest {
    static final int BRK = 214;
    static final int MMAP = 222;
    static final int MUNMAP = 215;
    static final int MPROTECT = 226;
    static final int MREMAP = 216;
    static final int FUTEX = 98;
    static final int CLOCK_GETTIME = 113;
    static final int NANOSLEEP = 101;
    static final int KILL = 129;
    static final int RT_SIGACTION = 134;
    static final int WRITE = 64;
    static final int OPENAT = 56;
    static final int GETRANDOM = 278;
    static final long PAGE = 4096;
    static final int PROT_RW = 3;
    static final int MAP_PRIVATE_ANONYMOUS = 0x22;

    @TempDir
    Path dir;

    @Test
    void brkAndTheMmapFamily() {
        SyscallProgram p = new SyscallProgram();
        int brk0 = p.call(BRK, 0);
        int brk1 = p.call(BRK, SyscallProgram.DATA + SyscallProgram.DATA_SIZE + 3 * PAGE);
        int map = p.call(MMAP, 0, 3 * PAGE, PROT_RW, MAP_PRIVATE_ANONYMOUS, -1, 0);
        int unmapMiddle = p.call(MUNMAP, AddressSpace.MMAP_BASE + PAGE, PAGE);
        int protectHole = p.call(MPROTECT, AddressSpace.MMAP_BASE, 3 * PAGE, 1);
        int protectFirst = p.call(MPROTECT, AddressSpace.MMAP_BASE, PAGE, 1);
        int reuse = p.call(MMAP, 0, PAGE, PROT_RW, MAP_PRIVATE_ANONYMOUS, -1, 0);
        int noReplace = p.call(MMAP, AddressSpace.MMAP_BASE, PAGE, PROT_RW, MAP_PRIVATE_ANONYMOUS | 0x100000, -1, 0);
        int onToolText = p.call(MMAP, AddressSpace.TOOL_TEXT_START, PAGE, PROT_RW, MAP_PRIVATE_ANONYMOUS | 0x10, -1, 0);
        int empty = p.call(MMAP, 0, 0, PROT_RW, MAP_PRIVATE_ANONYMOUS, -1, 0);
        int unaligned = p.call(MPROTECT, AddressSpace.MMAP_BASE + 1, PAGE, 1);
        int grow = p.call(MREMAP, AddressSpace.MMAP_BASE + 2 * PAGE, PAGE, 4 * PAGE, 1, 0);
        int stuck = p.call(MREMAP, AddressSpace.MMAP_BASE + PAGE, PAGE, 2 * PAGE, 0, 0);
        int moved = p.call(MREMAP, AddressSpace.MMAP_BASE, PAGE, 2 * PAGE, 1, 0);
        RunResult result = p.run(dir);
        assertEquals(0, result.exitStatus(), result.message());
        long heap = SyscallProgram.DATA + SyscallProgram.DATA_SIZE;
        assertEquals(heap, p.result(brk0), "the heap starts after the last segment");
        assertEquals(heap + 3 * PAGE, p.result(brk1));
        assertEquals(AddressSpace.MMAP_BASE, p.result(map), "mmap is first fit from qemu's mmap base");
        assertEquals(0, p.result(unmapMiddle));
        assertEquals(-Errno.ENOMEM, p.result(protectHole), "mprotect over a hole");
        assertEquals(0, p.result(protectFirst));
        assertEquals(AddressSpace.MMAP_BASE + PAGE, p.result(reuse), "the hole is reused");
        assertEquals(-Errno.EEXIST, p.result(noReplace));
        assertEquals(-Errno.ENOMEM, p.result(onToolText), "fgraph's text is not the guest's to map");
        assertEquals(-Errno.EINVAL, p.result(empty));
        assertEquals(-Errno.EINVAL, p.result(unaligned));
        assertEquals(AddressSpace.MMAP_BASE + 2 * PAGE, p.result(grow), "room after it: it grows in place");
        assertEquals(-Errno.ENOMEM, p.result(stuck), "no room after it and no MREMAP_MAYMOVE");
        assertEquals(AddressSpace.MMAP_BASE + 6 * PAGE, p.result(moved), "no room after it: it moves");
        assertTrue(p.stderr().contains("fgraph: warning: the program asked to map or change [0x3ffff00000, 0x3ffff01000), "
                + "which holds fgraph's own text"), p.stderr());
    }

    @Test
    void anUnknownSystemCallIsEnosysAndReportedOnce() {
        SyscallProgram p = new SyscallProgram();
        int first = p.call(198, 2, 1, 0);
        int second = p.call(198, 2, 1, 0);
        int unnamed = p.call(999);
        int rseq = p.call(293, 0, 32, 0, 0);
        p.run(dir);
        assertEquals(-Errno.ENOSYS, p.result(first));
        assertEquals(-Errno.ENOSYS, p.result(second));
        assertEquals(-Errno.ENOSYS, p.result(unnamed));
        assertEquals(-Errno.ENOSYS, p.result(rseq), "rseq: ENOSYS, as qemu-riscv64 answers");
        assertEquals("fgraph: warning: system call 198 (socket) is not implemented: it returns ENOSYS\n"
                + "fgraph: warning: system call 999 (syscall_999) is not implemented: it returns ENOSYS\n", p.stderr());
    }

    @Test
    void forkAndExecveFailClearlyInsteadOfHanging() {
        SyscallProgram p = new SyscallProgram();
        int fork = p.call(220, 17, 0, 0, 0, 0);
        int execve = p.call(221, 0, 0, 0);
        RunResult result = p.run(dir);
        assertEquals(0, result.exitStatus());
        assertEquals(-Errno.ENOSYS, p.result(fork));
        assertEquals(-Errno.ENOSYS, p.result(execve));
        assertTrue(p.stderr().contains("a new process (fork, vfork, posix_spawn: clone without CLONE_VM|CLONE_THREAD) is not supported"),
                p.stderr());
        assertTrue(p.stderr().contains("execve is not supported"), p.stderr());
    }

    @Test
    void futexWaitComparesTheWordAndTimesOutInVirtualTime() {
        SyscallProgram p = new SyscallProgram();
        long word = SyscallProgram.DATA;
        long timeout = SyscallProgram.DATA + 16;
        long before = SyscallProgram.DATA + 32;
        long after = SyscallProgram.DATA + 48;
        p.code(a -> a.li(Asm.T0, 7).sw(Asm.T0, 0, Asm.S1).li(Asm.T0, 1_000_000).sd(Asm.T0, 24, Asm.S1));
        int mismatch = p.call(FUTEX, word, 128, 8, 0, 0, 0);
        int wake = p.call(FUTEX, word, 129, 1, 0, 0, 0);
        p.call(CLOCK_GETTIME, 1, before);
        int timedOut = p.call(FUTEX, word, 128, 7, timeout, 0, 0);
        p.call(CLOCK_GETTIME, 1, after);
        int pi = p.call(FUTEX, word, 6, 0, 0, 0, 0);
        p.run(dir);
        assertEquals(-Errno.EAGAIN, p.result(mismatch));
        assertEquals(0, p.result(wake), "nobody waits");
        assertEquals(-Errno.ETIMEDOUT, p.result(timedOut));
        long slept = nanos(p, after) - nanos(p, before);
        assertTrue(slept >= 1_000_000 && slept < 1_100_000, "the wait took its 1 ms of virtual time: " + slept);
        assertTrue(p.result.instructions() < 1000, "and no instructions: " + p.result.instructions());
        assertEquals(-Errno.ENOSYS, p.result(pi));
        assertTrue(p.stderr().contains("futex operation FUTEX_LOCK_PI is not supported"), p.stderr());
    }

    private static long nanos(SyscallProgram p, long timespec) {
        return p.machine.memory().load64(timespec) * 1_000_000_000L + p.machine.memory().load64(timespec + 8);
    }

    @Test
    void nanosleepMovesTheClockNotTheInstructionCount() {
        SyscallProgram p = new SyscallProgram();
        long request = SyscallProgram.DATA;
        p.code(a -> a.li(Asm.T0, 2).sd(Asm.T0, 0, Asm.S1).li(Asm.T0, 500).sd(Asm.T0, 8, Asm.S1));
        p.call(CLOCK_GETTIME, 1, SyscallProgram.DATA + 32);
        int sleep = p.call(NANOSLEEP, request, 0);
        p.call(CLOCK_GETTIME, 1, SyscallProgram.DATA + 48);
        p.call(CLOCK_GETTIME, 0, SyscallProgram.DATA + 64);
        int badClock = p.call(CLOCK_GETTIME, 99, SyscallProgram.DATA + 64);
        p.run(dir);
        assertEquals(0, p.result(sleep));
        long slept = nanos(p, SyscallProgram.DATA + 48) - nanos(p, SyscallProgram.DATA + 32);
        assertTrue(slept >= 2_000_000_500L && slept < 2_000_100_000L, "slept " + slept);
        assertEquals(-Errno.EINVAL, p.result(badClock));
        assertTrue(nanos(p, SyscallProgram.DATA + 64) > 2_000_000_000L, "CLOCK_REALTIME: the epoch (0) plus the virtual time");
    }

    @Test
    void aLoadFromAnUnmappedAddressIsSigsegv() {
        SyscallProgram p = new SyscallProgram();
        p.code(a -> a.ld(Asm.T0, 0, Asm.ZERO));
        RunResult result = p.run(dir);
        assertEquals(StopReason.KILLED_BY_SIGNAL, result.reason());
        assertEquals(139, result.exitStatus());
        assertTrue(result.message().startsWith("hart 0: load access fault at pc 0x10004 (main+0x4): address 0x0 is not mapped"),
                result.message());
        assertTrue(result.message().endsWith(" in thread 1: killed by SIGSEGV"), result.message());
    }

    @Test
    void aStoreIntoTextIsSigsegvAndSaysTheTextIsNotWritable() {
        SyscallProgram p = new SyscallProgram();
        p.code(a -> a.li(Asm.T0, SyscallProgram.TEXT).sd(Asm.ZERO, 0, Asm.T0));
        RunResult result = p.run(dir);
        assertEquals(139, result.exitStatus());
        assertTrue(result.message().contains("address 0x10000 is mapped PROT_READ|PROT_EXEC: not writable"), result.message());
    }

    @Test
    void anIllegalInstructionIsSigill() {
        SyscallProgram p = new SyscallProgram();
        p.code(a -> a.word(0));
        RunResult result = p.run(dir);
        assertEquals(132, result.exitStatus());
        assertTrue(result.message().endsWith("killed by SIGILL"), result.message());
    }

    @Test
    void aSignalToItselfEndsTheProcessUnlessIgnored() {
        SyscallProgram ignored = new SyscallProgram();
        long action = SyscallProgram.DATA;
        ignored.code(a -> a.li(Asm.T0, 1).sd(Asm.T0, 0, Asm.S1));
        int install = ignored.call(RT_SIGACTION, 10, action, 0, 8);
        int sent = ignored.call(KILL, LinuxProcess.PID, 10);
        int child = ignored.call(KILL, LinuxProcess.PID, 17);
        int nobody = ignored.call(KILL, 4242, 10);
        RunResult survived = ignored.run(dir);
        assertEquals(0, survived.exitStatus(), survived.message());
        assertEquals(0, ignored.result(install));
        assertEquals(0, ignored.result(sent), "SIG_IGN");
        assertEquals(0, ignored.result(child), "SIGCHLD is ignored by default");
        assertEquals(-Errno.ESRCH, ignored.result(nobody));

        SyscallProgram killed = new SyscallProgram();
        killed.call(KILL, LinuxProcess.PID, 10);
        RunResult result = killed.run(dir);
        assertEquals(128 + 10, result.exitStatus());
        assertEquals("SIGUSR1 sent to the process by thread 1: killed by SIGUSR1", result.message());
    }

    @Test
    void straceShowsEachCallWithItsArgumentsAndResult() {
        SyscallProgram p = new SyscallProgram();
        byte[] text = "hi\n".getBytes(StandardCharsets.US_ASCII);
        byte[] path = "missing.txt\0".getBytes(StandardCharsets.US_ASCII);
        p.code(a -> {
            for (int i = 0; i < text.length; i++) {
                a.li(Asm.T0, text[i]).sb(Asm.T0, i, Asm.S1);
            }
            for (int i = 0; i < path.length; i++) {
                a.li(Asm.T0, path[i]).sb(Asm.T0, 16 + i, Asm.S1);
            }
        });
        p.call(WRITE, 1, SyscallProgram.DATA, 3);
        p.call(OPENAT, -100, SyscallProgram.DATA + 16, 0, 0);
        p.call(MMAP, 0, PAGE, PROT_RW, MAP_PRIVATE_ANONYMOUS, -1, 0);
        p.run(dir);
        assertEquals("hi\n", p.stdout());
        assertEquals("""
                write(1, "hi\\n", 3) = 3
                openat(AT_FDCWD, "missing.txt", O_RDONLY) = -1 ENOENT (No such file or directory)
                mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x4000802000
                exit_group(0) = ?
                """, p.strace());
    }

    @Test
    void getrandomRepeatsForASeed() {
        long[][] bytes = new long[2][];
        for (int run = 0; run < 2; run++) {
            SyscallProgram p = new SyscallProgram();
            int n = p.call(GETRANDOM, SyscallProgram.DATA, 16, 0);
            p.run(dir);
            assertEquals(16, p.result(n));
            bytes[run] = new long[] {p.machine.memory().load64(SyscallProgram.DATA), p.machine.memory().load64(SyscallProgram.DATA + 8)};
        }
        assertEquals(bytes[0][0], bytes[1][0]);
        assertEquals(bytes[0][1], bytes[1][1]);
        assertTrue(bytes[0][0] != 0 || bytes[0][1] != 0);
    }
}
