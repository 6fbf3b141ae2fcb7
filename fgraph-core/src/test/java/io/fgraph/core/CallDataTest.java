package io.fgraph.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Per-call data, arguments and return values (trace_selftest.c, fgraph-retval.tc, kretprobe_entry_arg.tc). */
class CallDataTest {
    /** Reserves {@code size} bytes at entry, stores {@code value}, reads it back at return. */
    static final class StoreUser implements FgraphOps {
        final int size;
        final long value;
        final List<Long> readBack = new ArrayList<>();

        StoreUser(int size, long value) {
            this.size = size;
            this.value = value;
        }

        @Override
        public FunctionFilter filter() {
            return FunctionFilter.only("c");
        }

        @Override
        public boolean onEntry(EntryContext call) {
            DataBlock data = call.reserveData(size);
            switch (size) {
                case 1 -> data.putByte(0, (byte) value);
                case 2 -> data.putShort(0, (short) value);
                case 4 -> data.putInt(0, (int) value);
                default -> data.putLong(0, value);
            }
            return true;
        }

        @Override
        public void onReturn(ReturnContext call) {
            DataBlock data = call.retrieveData();
            readBack.add(switch (size) {
                case 1 -> (long) (data.getByte(0) & 0xFF);
                case 2 -> (long) data.getShort(0);
                case 4 -> (long) data.getInt(0);
                default -> data.getLong(0);
            });
        }
    }

    @Test
    void eachSizeAloneReadsBackItsValue() {
        long[][] cases = {{1, 123}, {2, 12345}, {4, 1234567890}, {8, 1234567890123456789L}};
        for (long[] c : cases) {
            Guest guest = Guest.boot("chain");
            StoreUser user = new StoreUser((int) c[0], c[1]);
            guest.fgraph.register(user);
            guest.run();
            assertEquals(List.of(c[1]), user.readBack, "size " + c[0]);
        }
    }

    @Test
    void fourUsersOnOneFunctionEachReadTheirOwnValue() {
        Guest guest = Guest.boot("chain");
        StoreUser[] users = {new StoreUser(1, 123), new StoreUser(2, 12345), new StoreUser(4, 1234567890),
            new StoreUser(8, 1234567890123456789L)};
        for (StoreUser user : users) {
            guest.fgraph.register(user);
        }
        guest.run();
        for (StoreUser user : users) {
            assertEquals(List.of(user.value), user.readBack, "size " + user.size);
        }
    }

    @Test
    void reserveDataLimitsAndMisuse() {
        Guest guest = Guest.boot("chain");
        List<String> results = new ArrayList<>();
        guest.fgraph.register(new FgraphOps() {
            @Override
            public FunctionFilter filter() {
                return FunctionFilter.only("c");
            }

            @Override
            public boolean onEntry(EntryContext call) {
                results.add("256:" + call.reserveData(256).lengthBytes());
                try {
                    call.reserveData(8);
                } catch (IllegalStateException e) {
                    results.add("again:" + e.getMessage());
                }
                try {
                    call.reserveData(257);
                } catch (IllegalArgumentException e) {
                    results.add(e.getMessage());
                }
                return true;
            }

            @Override
            public void onReturn(ReturnContext call) {
                results.add("back:" + call.retrieveData().lengthBytes()); // a ReturnContext has no reserveData
            }
        });
        guest.run();
        assertEquals(List.of("256:256", "again:reserveData: data was already reserved for this call",
                "bytes=257: must be 1..256", "back:256"), results);
        assertThrows(IndexOutOfBoundsException.class, () -> new DataBlock().wrap(new long[1], 0, 1).getLong(4));
    }

    @Test
    void returnCallbackSeesReturnValueAndAnArgumentSavedAtEntry() {
        Guest guest = Guest.boot("chain");
        List<String> seen = new ArrayList<>();
        guest.fgraph.register(new FgraphOps() {
            @Override
            public FunctionFilter filter() {
                return FunctionFilter.only("c", "sum8");
            }

            @Override
            public boolean onEntry(EntryContext call) {
                call.reserveData(8).putLong(0, call.argument(call.functionName().equals("sum8") ? 7 : 0));
                return true;
            }

            @Override
            public void onReturn(ReturnContext call) {
                seen.add(call.functionName() + "(" + call.retrieveData().getLong(0) + ") = " + call.returnValue());
            }
        });
        guest.run();
        assertEquals(List.of("c(12) = 37", "sum8(8) = 36"), seen);
    }

    @Test
    void parentDataIsTheCallersBlock() {
        Guest guest = Guest.boot("chain");
        List<String> seen = new ArrayList<>();
        guest.fgraph.register(new FgraphOps() {
            @Override
            public FunctionFilter filter() {
                return FunctionFilter.only("a", "b", "c");
            }

            @Override
            public boolean onEntry(EntryContext call) {
                call.reserveData(8).putLong(0, call.argument(0));
                return true;
            }

            @Override
            public void onReturn(ReturnContext call) {
                DataBlock parent = call.retrieveParentData(1);
                DataBlock grandparent = call.retrieveParentData(2);
                seen.add(call.functionName() + ":" + (parent == null ? "-" : parent.getLong(0)) + ":"
                        + (grandparent == null ? "-" : grandparent.getLong(0)));
            }
        });
        guest.run();
        assertEquals(List.of("c:10:5", "b:5:-", "a:-:-"), seen);
    }

    @Test
    void unknownDataIsNull() {
        Guest guest = Guest.boot("chain");
        List<Object> seen = new ArrayList<>();
        guest.fgraph.register(new RecordingOps(FunctionFilter.only("c")) {
            @Override
            public void onReturn(ReturnContext call) {
                seen.add(call.retrieveData());
                seen.add(call.retrieveParentData(5));
            }
        });
        guest.run();
        assertEquals(2, seen.size());
        assertNull(seen.get(0));
        assertNull(seen.get(1));
    }

    /**
     * Users with and without blocks in one frame, retrieving once, twice or not at all: each gets
     * its own block every time (the in-order walk and the frame index agree), a user without one
     * gets null, also when it asks between two that have one.
     */
    @Test
    void mixedUsersEachFindTheirOwnBlockHoweverOftenTheyAsk() {
        Guest guest = Guest.boot("chain");
        int[] sizes = {8, 0, 16, 8, 0, 24}; // bytes reserved per user index (0: none)
        int[] asks = {1, 1, 2, 0, 3, 1};    // retrieveData calls per return
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            int index = i;
            guest.fgraph.register(new RecordingOps(FunctionFilter.only("c")) {
                @Override
                public boolean onEntry(EntryContext call) {
                    if (sizes[index] > 0) {
                        DataBlock data = call.reserveData(sizes[index]);
                        data.putLong(0, 1000 + index);
                        data.putLong(sizes[index] - 8, 2000 + index);
                    }
                    return true;
                }

                @Override
                public void onReturn(ReturnContext call) {
                    for (int n = 0; n < asks[index]; n++) {
                        DataBlock data = call.retrieveData();
                        seen.add(index + ":" + (data == null ? "null"
                                : data.lengthBytes() + "/" + data.getLong(0) + "/" + data.getLong(data.lengthBytes() - 8)));
                    }
                }
            });
        }
        guest.run();
        assertEquals(List.of("5:24/1005/2005", "4:null", "4:null", "4:null", "2:16/1002/2002", "2:16/1002/2002",
                "1:null", "0:8/2000/2000"), seen); // an 8-byte block: its second value overwrote the first
    }
}
