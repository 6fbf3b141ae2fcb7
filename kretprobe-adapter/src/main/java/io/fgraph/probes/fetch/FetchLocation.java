package io.fgraph.probes.fetch;

import io.fgraph.emulator.cpu.Hart;

/**
 * Where a fetch argument's value comes from. A <em>value</em> location (a register, {@code $stack},
 * {@code $stackN}, {@code $argN}, an immediate) gives a 64-bit value that the type truncates; a
 * <em>memory</em> location ({@code +OFFS(...)}, {@code @ADDR}, {@code @SYM}) gives an address that
 * the type is read at. Reads of guest memory throw {@code MemoryFault} outside RAM.
 */
public sealed interface FetchLocation {
    /** True if this names memory: the type is read at {@link #address}. */
    boolean isMemory();

    /** A value location's value; for a memory location, the 64-bit word at its address (a pointer to follow). */
    long value(Hart hart);

    /** A memory location's address. */
    default long address(Hart hart) {
        throw new IllegalStateException(text() + " is a value, not memory");
    }

    /** The location as a definition writes it. */
    String text();

    /** {@code %REG}: an integer register by ABI name ({@code %a0}, {@code %sp}) or number ({@code %x10}). */
    record Register(int number) implements FetchLocation {
        @Override
        public boolean isMemory() {
            return false;
        }

        @Override
        public long value(Hart hart) {
            return hart.x(number);
        }

        @Override
        public String text() {
            return "%" + Hart.abiName(number);
        }
    }

    /** {@code %pc}: the probed address. */
    record ProgramCounter() implements FetchLocation {
        @Override
        public boolean isMemory() {
            return false;
        }

        @Override
        public long value(Hart hart) {
            return hart.pc();
        }

        @Override
        public String text() {
            return "%pc";
        }
    }

    /** {@code $stack}: the stack pointer. */
    record StackPointer() implements FetchLocation {
        @Override
        public boolean isMemory() {
            return false;
        }

        @Override
        public long value(Hart hart) {
            return hart.x(Hart.SP);
        }

        @Override
        public String text() {
            return "$stack";
        }
    }

    /** {@code $stackN}: the N-th 64-bit word on the stack ({@code sp + 8N}). */
    record StackEntry(int index) implements FetchLocation {
        @Override
        public boolean isMemory() {
            return false;
        }

        @Override
        public long value(Hart hart) {
            return hart.memory().load64(hart.x(Hart.SP) + 8L * index);
        }

        @Override
        public String text() {
            return "$stack" + index;
        }
    }

    /**
     * {@code $argN} (N from 1) at a function entry, per the RISC-V psABI: {@code a0..a7} for the first
     * eight integer arguments, then the stack: {@code $arg9} at {@code 0(sp)}, {@code $arg10} at {@code 8(sp)}.
     */
    record Argument(int number) implements FetchLocation {
        public static final int IN_REGISTERS = 8;

        @Override
        public boolean isMemory() {
            return false;
        }

        @Override
        public long value(Hart hart) {
            if (number <= IN_REGISTERS) {
                return hart.x(Hart.A0 + number - 1);
            }
            return hart.memory().load64(hart.x(Hart.SP) + 8L * (number - IN_REGISTERS - 1));
        }

        @Override
        public String text() {
            return "$arg" + number;
        }
    }

    /** {@code $argN} in a return probe: the value the argument had at the function's entry ({@link EntryArguments}). */
    record SavedArgument(int number, int slot, EntryArguments saved) implements FetchLocation {
        @Override
        public boolean isMemory() {
            return false;
        }

        @Override
        public long value(Hart hart) {
            return saved.value(hart, slot);
        }

        @Override
        public String text() {
            return "$arg" + number;
        }
    }

    /** {@code $retval}: {@code a0}, in a return probe. */
    record ReturnValue() implements FetchLocation {
        @Override
        public boolean isMemory() {
            return false;
        }

        @Override
        public long value(Hart hart) {
            return hart.x(Hart.A0);
        }

        @Override
        public String text() {
            return "$retval";
        }
    }

    /** {@code \IMM}: a constant. */
    record Immediate(long constant) implements FetchLocation {
        @Override
        public boolean isMemory() {
            return false;
        }

        @Override
        public long value(Hart hart) {
            return constant;
        }

        @Override
        public String text() {
            return "\\" + constant;
        }
    }

    /** {@code \"TEXT"} or {@code $comm}: a constant string (type string only). */
    record Text(String constant, String spelling) implements FetchLocation {
        @Override
        public boolean isMemory() {
            return false;
        }

        @Override
        public long value(Hart hart) {
            throw new IllegalStateException(spelling + " is text");
        }

        @Override
        public String text() {
            return spelling;
        }
    }

    /** {@code @ADDR} or {@code @SYM[+|-OFFS]}: memory at a fixed address (resolved when parsed). */
    record Fixed(long address, String spelling) implements FetchLocation {
        @Override
        public boolean isMemory() {
            return true;
        }

        @Override
        public long value(Hart hart) {
            return hart.memory().load64(address);
        }

        @Override
        public long address(Hart hart) {
            return address;
        }

        @Override
        public String text() {
            return spelling;
        }
    }

    /** {@code +|-[u]OFFS(BASE)}: memory at BASE's value plus OFFS (BASE a memory location: the pointer stored there). */
    record Deref(long offset, FetchLocation base, boolean user) implements FetchLocation {
        @Override
        public boolean isMemory() {
            return true;
        }

        @Override
        public long value(Hart hart) {
            return hart.memory().load64(address(hart));
        }

        @Override
        public long address(Hart hart) {
            return base.value(hart) + offset;
        }

        @Override
        public String text() {
            return (offset < 0 ? "-" : "+") + (user ? "u" : "") + Math.abs(offset) + "(" + base.text() + ")";
        }
    }
}
