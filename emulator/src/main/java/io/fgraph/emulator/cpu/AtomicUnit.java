package io.fgraph.emulator.cpu;

import io.fgraph.emulator.memory.Memory;
import io.fgraph.emulator.memory.MemoryFault;

/**
 * LR/SC and the AMOs. Every read-modify-write is one atomic operation on the shared RAM (a
 * compare-and-set loop where the JDK has no direct operation), so they stay correct when harts
 * run on several host threads. SC succeeds only if this hart holds a reservation for the address
 * and memory still holds the value LR saw; an SC to another address, a second SC, or any trap
 * clears the reservation.
 */
final class AtomicUnit {
    private AtomicUnit() {
    }

    /** Executes the atomic described by {@code function} (see {@link AtomicFunction}); returns rd's value. */
    static long execute(Hart hart, Memory memory, long function, long address, long operand) {
        int funct5 = (int) (function & AtomicFunction.FUNCT5_MASK);
        boolean doubleword = (function & AtomicFunction.DOUBLEWORD_BIT) != 0;
        int size = doubleword ? 8 : 4;
        if ((address & (size - 1)) != 0) {
            int cause = funct5 == AtomicFunction.LR ? TrapCause.LOAD_MISALIGNED : TrapCause.STORE_MISALIGNED;
            throw new GuestTrap(cause, address);
        }
        try {
            switch (funct5) {
                case AtomicFunction.LR: {
                    long value = doubleword ? memory.loadReserved64(address) : memory.loadReserved32(address);
                    hart.reservationAddress = address;
                    hart.reservationValue = value;
                    return value;
                }
                case AtomicFunction.SC:
                    return storeConditional(hart, memory, address, operand, doubleword);
                default:
                    return doubleword
                            ? amo64(memory, funct5, address, operand)
                            : amo32(memory, funct5, address, (int) operand);
            }
        } catch (MemoryFault fault) {
            int cause = funct5 == AtomicFunction.LR ? TrapCause.LOAD_ACCESS_FAULT : TrapCause.STORE_ACCESS_FAULT;
            throw new GuestTrap(cause, address);
        }
    }

    private static long storeConditional(Hart hart, Memory memory, long address, long value, boolean doubleword) {
        boolean reserved = hart.reservationAddress == address;
        long expected = hart.reservationValue;
        hart.reservationAddress = Hart.NO_RESERVATION;
        if (!reserved) {
            // Still check that the address is legal, as a store would.
            if (!memory.contains(address, doubleword ? 8 : 4)) {
                throw new MemoryFault(MemoryFault.Kind.STORE, address);
            }
            return 1;
        }
        boolean stored = doubleword
                ? memory.compareAndSet64(address, expected, value)
                : memory.compareAndSet32(address, (int) expected, (int) value);
        return stored ? 0 : 1;
    }

    private static long amo32(Memory memory, int funct5, long address, int operand) {
        switch (funct5) {
            case AtomicFunction.AMOSWAP: return memory.getAndSet32(address, operand);
            case AtomicFunction.AMOADD: return memory.getAndAdd32(address, operand);
            default:
                while (true) {
                    int old = (int) memory.loadReserved32(address);
                    int updated = combine32(funct5, old, operand);
                    if (memory.compareAndSet32(address, old, updated)) {
                        return old;
                    }
                }
        }
    }

    private static long amo64(Memory memory, int funct5, long address, long operand) {
        switch (funct5) {
            case AtomicFunction.AMOSWAP: return memory.getAndSet64(address, operand);
            case AtomicFunction.AMOADD: return memory.getAndAdd64(address, operand);
            default:
                while (true) {
                    long old = memory.loadReserved64(address);
                    long updated = combine64(funct5, old, operand);
                    if (memory.compareAndSet64(address, old, updated)) {
                        return old;
                    }
                }
        }
    }

    private static int combine32(int funct5, int old, int operand) {
        switch (funct5) {
            case AtomicFunction.AMOXOR: return old ^ operand;
            case AtomicFunction.AMOAND: return old & operand;
            case AtomicFunction.AMOOR: return old | operand;
            case AtomicFunction.AMOMIN: return Math.min(old, operand);
            case AtomicFunction.AMOMAX: return Math.max(old, operand);
            case AtomicFunction.AMOMINU: return Integer.compareUnsigned(old, operand) <= 0 ? old : operand;
            case AtomicFunction.AMOMAXU: return Integer.compareUnsigned(old, operand) >= 0 ? old : operand;
            default: throw new IllegalStateException("funct5=" + funct5);
        }
    }

    private static long combine64(int funct5, long old, long operand) {
        switch (funct5) {
            case AtomicFunction.AMOXOR: return old ^ operand;
            case AtomicFunction.AMOAND: return old & operand;
            case AtomicFunction.AMOOR: return old | operand;
            case AtomicFunction.AMOMIN: return Math.min(old, operand);
            case AtomicFunction.AMOMAX: return Math.max(old, operand);
            case AtomicFunction.AMOMINU: return Long.compareUnsigned(old, operand) <= 0 ? old : operand;
            case AtomicFunction.AMOMAXU: return Long.compareUnsigned(old, operand) >= 0 ? old : operand;
            default: throw new IllegalStateException("funct5=" + funct5);
        }
    }
}
