package io.fgraph.emulator.memory;

/** Told when guest memory that holds decoded instructions is written, so the decode is dropped. */
@FunctionalInterface
public interface CodeWriteListener {
    /** {@code pageIndex} is the RAM page number (offset from the RAM base divided by the page size). */
    void onCodeWrite(int pageIndex);
}
