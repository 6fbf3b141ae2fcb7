package io.fgraph.emulator.linux;

/**
 * The implemented system calls by number, each with its strace signature: the kinds of its
 * arguments (see {@link Strace}), and {@code x:} in front when its result prints in hex
 * ({@code mmap}, {@code brk}).
 */
final class SystemCallTable {
    static final int SIZE = 512;

    /** One implemented call. */
    record Entry(int number, String name, String[] kinds, boolean hexResult, SystemCall handler) {
    }

    private final Entry[] entries = new Entry[SIZE];

    void add(int number, String signature, SystemCall handler) {
        if (entries[number] != null) {
            throw new IllegalStateException("system call " + number + " registered twice");
        }
        boolean hex = signature.startsWith("x:");
        String kinds = hex ? signature.substring(2).trim() : signature.trim();
        entries[number] = new Entry(number, SystemCallNames.name(number), kinds.isEmpty() ? new String[0] : kinds.split(" "),
                hex, handler);
    }

    /** The entry for {@code number}, or null when it is not implemented. */
    Entry get(long number) {
        return number >= 0 && number < SIZE ? entries[(int) number] : null;
    }

    /** Whether {@code number} is implemented. */
    boolean implemented(long number) {
        return get(number) != null;
    }
}
