package io.fgraph.emulator.linux;

/** The names of Linux flag and enumeration values, as strace prints them. */
final class FlagNames {
    private FlagNames() {
    }

    private static String flags(long value, long[] bits, String[] names) {
        StringBuilder text = new StringBuilder();
        long rest = value;
        for (int i = 0; i < bits.length; i++) {
            if ((rest & bits[i]) == bits[i] && bits[i] != 0) {
                text.append(text.length() == 0 ? "" : "|").append(names[i]);
                rest &= ~bits[i];
            }
        }
        if (rest != 0 || text.length() == 0) {
            text.append(text.length() == 0 ? "" : "|").append("0x").append(Long.toHexString(rest));
        }
        return text.toString();
    }

    private static String named(int value, String[] names, String fallbackPrefix) {
        if (value >= 0 && value < names.length && names[value] != null) {
            return names[value];
        }
        return fallbackPrefix + value;
    }

    static String openFlags(int value) {
        String access = switch (value & 3) {
            case 0 -> "O_RDONLY";
            case 1 -> "O_WRONLY";
            case 2 -> "O_RDWR";
            default -> "O_ACCMODE";
        };
        int rest = value & ~3;
        if (rest == 0) {
            return access;
        }
        return access + "|" + flags(rest,
                new long[] {0100, 0200, 0400, 01000, 02000, 04000, 010000, 040000, 0100000, 0200000, 0400000, 01000000, 02000000, 010000000},
                new String[] {"O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC", "O_APPEND", "O_NONBLOCK", "O_DSYNC", "O_DIRECT",
                    "O_LARGEFILE", "O_DIRECTORY", "O_NOFOLLOW", "O_NOATIME", "O_CLOEXEC", "O_PATH"});
    }

    static String prot(int value) {
        if (value == 0) {
            return "PROT_NONE";
        }
        return flags(value, new long[] {1, 2, 4}, new String[] {"PROT_READ", "PROT_WRITE", "PROT_EXEC"});
    }

    static String mapFlags(int value) {
        String kind = switch (value & 3) {
            case 1 -> "MAP_SHARED";
            case 2 -> "MAP_PRIVATE";
            case 3 -> "MAP_SHARED_VALIDATE";
            default -> "";
        };
        int rest = value & ~3;
        String others = rest == 0 ? "" : flags(rest,
                new long[] {0x10, 0x20, 0x100, 0x800, 0x1000, 0x2000, 0x4000, 0x8000, 0x10000, 0x20000, 0x40000, 0x100000},
                new String[] {"MAP_FIXED", "MAP_ANONYMOUS", "MAP_GROWSDOWN", "MAP_DENYWRITE", "MAP_EXECUTABLE", "MAP_LOCKED",
                    "MAP_NORESERVE", "MAP_POPULATE", "MAP_NONBLOCK", "MAP_STACK", "MAP_HUGETLB", "MAP_FIXED_NOREPLACE"});
        if (kind.isEmpty()) {
            return others.isEmpty() ? "0" : others;
        }
        return others.isEmpty() ? kind : kind + "|" + others;
    }

    private static final String[] CLOCKS = {"CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_PROCESS_CPUTIME_ID",
        "CLOCK_THREAD_CPUTIME_ID", "CLOCK_MONOTONIC_RAW", "CLOCK_REALTIME_COARSE", "CLOCK_MONOTONIC_COARSE",
        "CLOCK_BOOTTIME", "CLOCK_REALTIME_ALARM", "CLOCK_BOOTTIME_ALARM", null, "CLOCK_TAI"};

    static String clock(int value) {
        return named(value, CLOCKS, "");
    }

    private static final String[] FUTEX_OPS = {"FUTEX_WAIT", "FUTEX_WAKE", "FUTEX_FD", "FUTEX_REQUEUE",
        "FUTEX_CMP_REQUEUE", "FUTEX_WAKE_OP", "FUTEX_LOCK_PI", "FUTEX_UNLOCK_PI", "FUTEX_TRYLOCK_PI",
        "FUTEX_WAIT_BITSET", "FUTEX_WAKE_BITSET", "FUTEX_WAIT_REQUEUE_PI", "FUTEX_CMP_REQUEUE_PI", "FUTEX_LOCK_PI2"};

    static String futexOp(int value) {
        String name = named(value & 0x7F, FUTEX_OPS, "FUTEX_");
        if ((value & Futexes.FUTEX_PRIVATE_FLAG) != 0) {
            name += "_PRIVATE";
        }
        if ((value & Futexes.FUTEX_CLOCK_REALTIME) != 0) {
            name += "|FUTEX_CLOCK_REALTIME";
        }
        return name;
    }

    static String cloneFlags(long value) {
        int exitSignal = (int) (value & 0xFF);
        long rest = value & ~0xFFL;
        String text = rest == 0 ? "" : flags(rest,
                new long[] {0x100, 0x200, 0x400, 0x800, 0x1000, 0x2000, 0x4000, 0x8000, 0x10000, 0x20000, 0x40000, 0x80000,
                    0x100000, 0x200000, 0x400000, 0x800000, 0x1000000},
                new String[] {"CLONE_VM", "CLONE_FS", "CLONE_FILES", "CLONE_SIGHAND", "CLONE_PIDFD", "CLONE_PTRACE",
                    "CLONE_VFORK", "CLONE_PARENT", "CLONE_THREAD", "CLONE_NEWNS", "CLONE_SYSVSEM", "CLONE_SETTLS",
                    "CLONE_PARENT_SETTID", "CLONE_CHILD_CLEARTID", "CLONE_DETACHED", "CLONE_UNTRACED", "CLONE_CHILD_SETTID"});
        if (exitSignal != 0) {
            text = text.isEmpty() ? signal(exitSignal) : text + "|" + signal(exitSignal);
        }
        return text.isEmpty() ? "0" : text;
    }

    private static final String[] SIGNALS = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
        "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
        "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM",
        "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    static String signal(int value) {
        if (value >= 32 && value <= 64) {
            return value == 32 ? "SIGRTMIN" : "SIGRT_" + (value - 32);
        }
        return named(value, SIGNALS, "");
    }

    static String sigprocmaskHow(int value) {
        return named(value, new String[] {"SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK"}, "");
    }

    static String whence(int value) {
        return named(value, new String[] {"SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA", "SEEK_HOLE"}, "");
    }

    static String atFlags(int value) {
        if (value == 0) {
            return "0";
        }
        return flags(value, new long[] {0x100, 0x200, 0x400, 0x800, 0x1000},
                new String[] {"AT_SYMLINK_NOFOLLOW", "AT_REMOVEDIR", "AT_SYMLINK_FOLLOW", "AT_NO_AUTOMOUNT", "AT_EMPTY_PATH"});
    }

    static String ioctl(int value) {
        return switch (value) {
            case FileCalls.TCGETS -> "TCGETS";
            case FileCalls.TCSETS -> "TCSETS";
            case FileCalls.TIOCGWINSZ -> "TIOCGWINSZ";
            case FileCalls.TIOCSWINSZ -> "TIOCSWINSZ";
            case FileCalls.FIONREAD -> "FIONREAD";
            case FileCalls.TIOCGPGRP -> "TIOCGPGRP";
            default -> "0x" + Integer.toHexString(value);
        };
    }

    static String madvise(int value) {
        return switch (value) {
            case 0 -> "MADV_NORMAL";
            case 1 -> "MADV_RANDOM";
            case 2 -> "MADV_SEQUENTIAL";
            case 3 -> "MADV_WILLNEED";
            case 4 -> "MADV_DONTNEED";
            case 8 -> "MADV_FREE";
            case 14 -> "MADV_HUGEPAGE";
            case 15 -> "MADV_NOHUGEPAGE";
            default -> Integer.toString(value);
        };
    }

    private static final String[] RLIMITS = {"RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE",
        "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS", "RLIMIT_SIGPENDING",
        "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME"};

    static String rlimit(int value) {
        return named(value, RLIMITS, "");
    }
}
