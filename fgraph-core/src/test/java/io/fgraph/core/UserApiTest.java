package io.fgraph.core;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.platform.BareMetalPlatform;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fgraph user API made hard to misuse: a full stack, registrations, filters, task variables, lifecycle. */
class UserApiTest {
    /** Reserves 256 bytes at every call of fib and checks them at its return. */
    private static final class BigData implements FgraphOps {
        int entries;
        int returns;
        int missed;
        boolean missingData;

        @Override
        public void onMissed(int task, long function, MissReason reason) {
            assertEquals(MissReason.NO_ROOM_FOR_DATA, reason);
            missed++;
        }

        @Override
        public FunctionFilter filter() {
            return FunctionFilter.only("fib");
        }

        @Override
        public boolean onEntry(EntryContext call) {
            entries++;
            call.reserveData(256).putLong(248, call.argument(0)); // never null, room or not
            return true;
        }

        @Override
        public void onReturn(ReturnContext call) {
            returns++;
            DataBlock data = call.retrieveData();
            missingData |= data == null;
        }
    }

    @Test
    void aFullShadowStackNeverReachesAReturnCallbackWithoutItsData() throws Exception {
        ElfFile elf = Guest.elf("fib");
        Machine machine = BareMetalPlatform.boot(elf, MachineConfig.defaults().withArguments(List.of("8"))
                .withConsole(InputStream.nullInputStream(), new ByteArrayOutputStream(), new ByteArrayOutputStream()));
        // room for a few frames with 33 words of data each: the deeper calls cannot reserve
        Fgraph fgraph = Fgraph.install(machine, elf, TaskModel.PER_HART, 4 * (FrameLayout.MIN_FRAME_WORDS + 33) + 8);
        BigData user = new BigData();
        fgraph.register(user);
        assertEquals(0, machine.run().exitCode());
        assertFalse(user.missingData, "every return callback got its data");
        FgraphStats stats = fgraph.stats();
        assertTrue(stats.dataOverruns() > 0, stats.toString());
        assertEquals(user.entries - stats.dataOverruns(), user.returns, "the calls without room were not given to the user");
        assertEquals(stats.dataOverruns(), user.missed, "and it was told of each");
        assertTrue(fgraph.failures().isEmpty(), fgraph.failures().toString());
    }

    @Test
    void aRegistrationCanChangeItsFilterAndClosesOnce() throws Exception {
        Guest guest = Guest.boot("chain");
        byte[] before = guest.machine.memory().read(guest.address("b"), 4);
        RecordingOps user = new RecordingOps(FunctionFilter.only("a"));
        Registration registration = guest.fgraph.register(user);
        assertEquals(List.of(guest.address("a")), guest.fgraph.patchedEntries());
        registration.setFilter(FunctionFilter.only("b", "c"));
        assertEquals(List.of(guest.address("b"), guest.address("c")).stream().sorted().toList(), guest.fgraph.patchedEntries(),
                "a restored, b and c patched");
        assertEquals(FunctionFilter.only("b", "c").toString(), registration.filter().toString());
        assertEquals(0, guest.run().exitCode());
        assertEquals(List.of("> b 0", "> c 1", "< c 1 37", "< b 0 33"), user.events);
        registration.close();
        registration.close();
        assertFalse(registration.active());
        assertEquals(List.of(), guest.fgraph.patchedEntries());
        assertArrayEquals(before, guest.machine.memory().read(guest.address("b"), 4));
        assertThrows(IllegalStateException.class, () -> registration.setFilter(FunctionFilter.ALL));
    }

    @Test
    void aFilterChangedWhileTheGuestRunsTakesEffectAtOnce() {
        Guest guest = Guest.boot("fib", "12");
        List<Registration> registration = new ArrayList<>();
        int[] fibCalls = {0};
        RecordingOps user = new RecordingOps(FunctionFilter.only("main", "fib"), call -> {
            if (call.functionName().equals("fib") && ++fibCalls[0] == 10) {
                registration.get(0).setFilter(FunctionFilter.only("main")); // from inside a callback
            }
            return true;
        });
        registration.add(guest.fgraph.register(user));
        assertEquals(0, guest.run().exitCode());
        assertEquals(10, fibCalls[0], "no fib call after the change");
        assertEquals(user.entries, user.returns, "the calls in flight still returned");
    }

    @Test
    void taskVariablesArePerTaskAndStartAtZeroForANewRegistration() {
        Guest guest = Guest.boot("multihart", io.fgraph.emulator.MachineConfig.defaults().withHarts(3), "10");
        long[] maxSeen = new long[3];
        FgraphOps counter = new FgraphOps() {
            @Override
            public FunctionFilter filter() {
                return FunctionFilter.only("work");
            }

            @Override
            public boolean onEntry(EntryContext call) {
                call.setTaskVariable(call.taskVariable() + 1);
                if (call.taskObject() == null) {
                    call.setTaskObject("task " + call.task());
                }
                return true;
            }

            @Override
            public void onReturn(ReturnContext call) {
                maxSeen[call.task()] = Math.max(maxSeen[call.task()], call.taskVariable());
                assertEquals("task " + call.task(), call.taskObject());
            }
        };
        guest.fgraph.register(counter);
        assertEquals(0, guest.run().exitCode(), guest.stdout());
        assertArrayEquals(new long[] {4, 4, 4}, maxSeen, "each hart calls work 4 times");
    }

    @Test
    void lifecycleCallbacksRunOnceEach() {
        Guest guest = Guest.boot("chain");
        List<String> lifecycle = new ArrayList<>();
        RecordingOps user = new RecordingOps(FunctionFilter.only("c")) {
            @Override
            public void onRegistered(FunctionTable functions) {
                lifecycle.add("registered " + (functions.at(guest.address("c")) != null));
            }

            @Override
            public void onUnregistered() {
                lifecycle.add("unregistered");
            }
        };
        Registration registration = guest.fgraph.register(user);
        assertNotNull(registration);
        registration.close();
        assertEquals(List.of("registered true", "unregistered"), lifecycle);
    }
}
