package io.fgraph.emulator.linux;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The auxiliary vector a Linux kernel passes a program above its environment: {@code AT_*} type
 * and value pairs, ended by {@code AT_NULL}. glibc's static start-up code reads {@code AT_PHDR}
 * and {@code AT_PHNUM} (to find its TLS segment), {@code AT_RANDOM} (the stack protector and
 * pointer guard), {@code AT_PAGESZ}, {@code AT_HWCAP}, {@code AT_SECURE} and the ids.
 */
public final class AuxiliaryVector {
    public static final int AT_NULL = 0;
    public static final int AT_PHDR = 3;
    public static final int AT_PHENT = 4;
    public static final int AT_PHNUM = 5;
    public static final int AT_PAGESZ = 6;
    public static final int AT_BASE = 7;
    public static final int AT_FLAGS = 8;
    public static final int AT_ENTRY = 9;
    public static final int AT_UID = 11;
    public static final int AT_EUID = 12;
    public static final int AT_GID = 13;
    public static final int AT_EGID = 14;
    public static final int AT_HWCAP = 16;
    public static final int AT_CLKTCK = 17;
    public static final int AT_SECURE = 23;
    public static final int AT_RANDOM = 25;
    public static final int AT_HWCAP2 = 26;
    public static final int AT_EXECFN = 31;

    /** AT_HWCAP on RISC-V: one bit per single-letter extension, bit 0 for 'a': here IMAFDC. */
    public static final long HWCAP_RV64GC = bits("imafdc");
    /** Clock ticks per second of {@code times()} ({@code USER_HZ}). */
    public static final int CLOCK_TICKS = 100;

    /** One entry. */
    public record Entry(int type, long value) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public AuxiliaryVector add(int type, long value) {
        entries.add(new Entry(type, value));
        return this;
    }

    /** The entries in order, without the final {@code AT_NULL}. */
    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    private static long bits(String letters) {
        long bits = 0;
        for (char c : letters.toCharArray()) {
            bits |= 1L << (c - 'a');
        }
        return bits;
    }
}
