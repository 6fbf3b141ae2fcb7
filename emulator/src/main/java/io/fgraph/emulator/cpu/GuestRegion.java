package io.fgraph.emulator.cpu;

import io.fgraph.emulator.memory.Memory;
import io.fgraph.emulator.memory.MemoryFault;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The code a unit compiles: the basic blocks of one decoded page reachable from an entry through
 * direct jumps and branches that stay in the page, plus the return sites of the calls among them
 * (so that a return lands back inside). Every block head is an entry of the unit. The region stops
 * growing at {@code maxInstructions}; edges to code outside it leave the unit.
 *
 * <p>Found in two passes: the first walks from the entry, decoding each instruction once and
 * collecting heads (branch targets, fall-throughs of branches, call return sites); the second cuts
 * the walked instructions into blocks at those heads.
 */
final class GuestRegion {
    private static final int SLOTS = DecodedPage.SLOTS;

    final long base;
    final List<GuestBlock> blocks;
    private final GuestBlock[] bySlot;
    private final java.util.Map<GuestBlock, Integer> indexes = new java.util.IdentityHashMap<>();

    private GuestRegion(long base, List<GuestBlock> blocks) {
        this.base = base;
        this.blocks = blocks;
        this.bySlot = new GuestBlock[SLOTS];
        for (GuestBlock block : blocks) {
            bySlot[block.headSlot] = block;
            indexes.put(block, indexes.size());
        }
    }

    /** The position of {@code block} in {@link #blocks}. */
    int indexOf(GuestBlock block) {
        return indexes.get(block);
    }

    /** The block whose head is at {@code pc}, or null if pc is not a head of this region. */
    GuestBlock blockAt(long pc) {
        long offset = pc - base;
        if (offset < 0 || offset >= Memory.PAGE_SIZE || (offset & 1) != 0) {
            return null;
        }
        return bySlot[(int) (offset >>> 1)];
    }

    int instructionCount() {
        int n = 0;
        for (GuestBlock block : blocks) {
            n += block.length();
        }
        return n;
    }

    /**
     * The region of {@code page} that starts at {@code entrySlot}, or null when the instruction
     * there is one the translator leaves to the interpreter.
     */
    static GuestRegion scan(DecodeCache cache, DecodedPage page, int entrySlot, int maxInstructions) {
        long base = page.base;
        BitSet walked = new BitSet(SLOTS);
        BitSet heads = new BitSet(SLOTS);
        int count = 0;
        ArrayDeque<Integer> work = new ArrayDeque<>();
        heads.set(entrySlot);
        work.push(entrySlot);
        while (!work.isEmpty() && count < maxInstructions) {
            int slot = work.pop();
            while (slot < SLOTS && !walked.get(slot) && count < maxInstructions) {
                int word = decoded(cache, page, slot);
                if (word == 0) {
                    break;
                }
                walked.set(slot);
                count++;
                int op = DecodedForm.op(word);
                long pc = base + 2L * slot;
                int length = DecodedForm.length(word);
                if (UnitCompiler.isTransfer(op)) {
                    long imm = page.immediates[slot];
                    if (op == Op.JAL) {
                        addHead(heads, work, base, pc + imm);
                        if (DecodedForm.rd(word) != DecodedForm.SINK_REGISTER) {
                            addHead(heads, work, base, pc + length); // a call: its return site
                        }
                    } else if (op != Op.JALR) {
                        addHead(heads, work, base, pc + imm);
                        addHead(heads, work, base, pc + length);
                    }
                    break;
                }
                if (op == Op.JAVA_TRAP) {
                    addHead(heads, work, base, pc + length); // where the hook usually goes on
                    break;
                }
                slot += length >>> 1;
            }
        }
        if (!walked.get(entrySlot)) {
            return null;
        }
        List<GuestBlock> blocks = new ArrayList<>();
        for (int head = heads.nextSetBit(0); head >= 0; head = heads.nextSetBit(head + 1)) {
            if (walked.get(head)) {
                blocks.add(cut(page, head, walked, heads));
            }
        }
        return new GuestRegion(base, blocks);
    }

    private static void addHead(BitSet heads, ArrayDeque<Integer> work, long base, long target) {
        long offset = target - base;
        if (offset >= 0 && offset < Memory.PAGE_SIZE && !heads.get((int) (offset >>> 1))) {
            heads.set((int) (offset >>> 1));
            work.push((int) (offset >>> 1));
        }
    }

    private static GuestBlock cut(DecodedPage page, int head, BitSet walked, BitSet heads) {
        List<Integer> slots = new ArrayList<>();
        int slot = head;
        long next;
        while (true) {
            int word = page.words[slot];
            slots.add(slot);
            next = page.base + 2L * slot + DecodedForm.length(word);
            if (UnitCompiler.endsBlock(DecodedForm.op(word))) {
                break;
            }
            slot += DecodedForm.length(word) >>> 1;
            if (slot >= SLOTS || !walked.get(slot) || heads.get(slot)) {
                break;
            }
        }
        int n = slots.size();
        int[] words = new int[n];
        long[] immediates = new long[n];
        long[] pcs = new long[n];
        for (int i = 0; i < n; i++) {
            int s = slots.get(i);
            words[i] = page.words[s];
            immediates[i] = page.immediates[s];
            pcs[i] = page.base + 2L * s;
        }
        return new GuestBlock(head, page.base + 2L * head, words, immediates, pcs, next);
    }

    /**
     * The decoded word at {@code slot}, decoding it if needed; 0 when it is an instruction the
     * translator leaves to the interpreter, one that straddles into the next page, or unreadable.
     */
    private static int decoded(DecodeCache cache, DecodedPage page, int slot) {
        int word = page.words[slot];
        if (word == 0) {
            try {
                word = cache.decode(page, slot, page.base + 2L * slot);
            } catch (MemoryFault fault) {
                return 0;
            }
        }
        if (DecodedForm.length(word) == 4 && slot == SLOTS - 1) {
            return 0; // straddles into the next page, which this unit does not watch
        }
        if (page.words[slot] != word) {
            return 0; // not kept in the page (see DecodedPage): leave it to the interpreter
        }
        return UnitCompiler.isTranslatable(DecodedForm.op(word)) ? word : 0;
    }
}
