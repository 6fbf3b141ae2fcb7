package io.fgraph.core;

import io.fgraph.emulator.RunResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several users on one fgraph: filters, the union of patched entries, slots, isolation (fgraph-multi*.tc). */
class MultiUserTest {
    @Test
    void usersWithDisjointFiltersSeeOnlyTheirFunctionsAndPatchingShrinksBack() {
        Guest guest = Guest.boot("chain");
        byte[] aBefore = guest.machine.memory().read(guest.address("a"), 4);
        byte[] cBefore = guest.machine.memory().read(guest.address("c"), 4);
        RecordingOps first = new RecordingOps(FunctionFilter.only("a", "b"));
        RecordingOps second = new RecordingOps(FunctionFilter.only("c", "fails"));
        guest.fgraph.register(first);
        assertEquals(sorted(guest.address("a"), guest.address("b")), guest.fgraph.patchedEntries());
        guest.fgraph.register(second);
        assertEquals(sorted(guest.address("a"), guest.address("b"), guest.address("c"), guest.address("fails")),
                guest.fgraph.patchedEntries());
        guest.fgraph.unregister(first);
        assertEquals(sorted(guest.address("c"), guest.address("fails")), guest.fgraph.patchedEntries());
        assertArrayEquals(aBefore, guest.machine.memory().read(guest.address("a"), 4), "a restored byte for byte");
        guest.fgraph.register(first);
        RunResult result = guest.run();
        assertEquals(0, result.exitCode());
        assertEquals(List.of("> a 0", "> b 1", "< b 1 33", "< a 0 66"), first.events);
        assertEquals(List.of("> c 2", "< c 2 37", "> fails 0", "< fails 0 -22"), second.events);
        guest.fgraph.unregister(first);
        guest.fgraph.unregister(second);
        assertEquals(List.of(), guest.fgraph.patchedEntries());
        assertArrayEquals(cBefore, guest.machine.memory().read(guest.address("c"), 4));
    }

    @Test
    void sixteenUsersShareOneHijackPerCall() {
        Guest guest = Guest.boot("fib", "10");
        List<RecordingOps> users = new ArrayList<>();
        for (int i = 0; i < FrameLayout.MAX_USERS; i++) {
            RecordingOps user = new RecordingOps(FunctionFilter.only("fib"));
            users.add(user);
            guest.fgraph.register(user);
        }
        assertThrows(IllegalStateException.class, () -> guest.fgraph.register(new RecordingOps(FunctionFilter.ALL)));
        assertEquals(0, guest.run().exitCode());
        int calls = 177; // fib(10) makes 177 calls
        for (RecordingOps user : users) {
            assertEquals(calls, user.entries);
            assertEquals(calls, user.returns);
        }
        FgraphStats stats = guest.fgraph.stats();
        assertEquals(calls, stats.hijacks(), "ra replaced once per call");
        assertEquals(calls, stats.returns(), "trampoline entered once per return");
    }

    @Test
    void returnCallbacksRunInReverseOrderOfEntries() {
        Guest guest = Guest.boot("chain");
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int id = i;
            guest.fgraph.register(new FgraphOps() {
                @Override
                public FunctionFilter filter() {
                    return FunctionFilter.only("c");
                }

                @Override
                public boolean onEntry(EntryContext call) {
                    order.add("entry" + id);
                    return true;
                }

                @Override
                public void onReturn(ReturnContext call) {
                    order.add("return" + id);
                }
            });
        }
        guest.run();
        assertEquals(List.of("entry0", "entry1", "entry2", "return2", "return1", "return0"), order);
    }

    @Test
    void aUserWhoseEntryDeclinesNeverSeesTheReturnAndItsDataIsDropped() {
        Guest guest = Guest.boot("chain");
        RecordingOps decliner = new RecordingOps(FunctionFilter.only("a", "b", "c"), call -> {
            call.reserveData(16).putLong(0, 0xBAD);
            return false;
        });
        List<Long> seen = new ArrayList<>();
        FgraphOps keeper = new FgraphOps() {
            @Override
            public FunctionFilter filter() {
                return FunctionFilter.only("a", "b", "c");
            }

            @Override
            public boolean onEntry(EntryContext call) {
                call.reserveData(8).putLong(0, call.function());
                return true;
            }

            @Override
            public void onReturn(ReturnContext call) {
                seen.add(call.retrieveData().getLong(0) - call.function());
                seen.add((long) call.retrieveData().lengthBytes());
            }
        };
        guest.fgraph.register(decliner);
        guest.fgraph.register(keeper);
        assertEquals(0, guest.run().exitCode());
        assertEquals(3, decliner.entries);
        assertEquals(0, decliner.returns);
        assertEquals(List.of(0L, 8L, 0L, 8L, 0L, 8L), seen);
    }

    @Test
    void noUserWantingTheReturnLeavesTheReturnAddressAlone() {
        Guest guest = Guest.boot("chain");
        RecordingOps decliner = new RecordingOps(FunctionFilter.only("a", "b", "c"), call -> false);
        guest.fgraph.register(decliner);
        assertEquals(0, guest.run().exitCode());
        assertEquals(3, decliner.entries);
        assertEquals(0, guest.fgraph.stats().hijacks());
        assertEquals(0, guest.fgraph.stats().returns());
    }

    @Test
    void aThrowingUserIsDisabledAndTheOthersAreUnaffected() {
        Guest guest = Guest.boot("chain");
        RecordingOps good = new RecordingOps(FunctionFilter.only("a", "b", "c"));
        RecordingOps bad = new RecordingOps(FunctionFilter.only("a", "b", "c")) {
            @Override
            public void onReturn(ReturnContext call) {
                throw new IllegalStateException("plugin bug");
            }
        };
        guest.fgraph.register(bad);
        guest.fgraph.register(good);
        RunResult result = guest.run();
        assertEquals(0, result.exitCode());
        assertEquals("a(5) = 66\nfails() = -22\nsum8(1, 2, 3, 4, 5, 6, 7, 8) = 36\n", guest.stdout());
        assertEquals(List.of("> a 0", "> b 1", "> c 2", "< c 2 37", "< b 1 33", "< a 0 66"), good.events);
        assertEquals(1, guest.fgraph.failures().size());
        UserFailure failure = guest.fgraph.failures().get(0);
        assertEquals("return", failure.callback());
        assertEquals("c", failure.function());
        assertTrue(failure.toString().contains("plugin bug"), failure.toString());
        assertEquals(3, bad.entries, "entered a, b, c before its first return threw");
        assertTrue(!guest.fgraph.isRegistered(bad));
        assertEquals(1, guest.fgraph.stats().failures());
    }

    @Test
    void aStaleIndexNeverCallsTheNewOwnerForOldFrames() {
        Guest guest = Guest.boot("chain");
        RecordingOps old = new RecordingOps(FunctionFilter.only("a", "b", "c"), call -> {
            call.reserveData(8).putLong(0, 0x01D);
            return true;
        });
        RecordingOps newcomer = new RecordingOps(FunctionFilter.only("a", "b", "c"));
        int oldIndex = guest.fgraph.register(old).index();
        for (int i = 0; i < FrameLayout.MAX_USERS - 2; i++) {
            guest.fgraph.register(new RecordingOps(FunctionFilter.only("no-such-function")));
        }
        int[] newIndex = {-1};
        // At c's entry (a, b and c in flight, pushed by the old registration) the old user leaves and
        // the newcomer registers; every other slot is taken, so it gets the old user's index.
        guest.fgraph.register(new RecordingOps(FunctionFilter.only("c"), call -> {
            guest.fgraph.unregister(old);
            newIndex[0] = guest.fgraph.register(newcomer).index();
            return false;
        }));
        assertEquals(0, guest.run().exitCode());
        assertEquals(oldIndex, newIndex[0], "the newcomer got the old user's index");
        assertEquals(List.of("> a 0", "> b 1", "> c 2"), old.events);
        assertEquals(List.of(), newcomer.events, "no return callback for frames another registration pushed");
        assertEquals(3, guest.fgraph.stats().hijacks());
        assertEquals(3, guest.fgraph.stats().returns());
    }

    private static List<Long> sorted(long... addresses) {
        long[] copy = addresses.clone();
        Arrays.sort(copy);
        return Arrays.stream(copy).boxed().toList();
    }
}
