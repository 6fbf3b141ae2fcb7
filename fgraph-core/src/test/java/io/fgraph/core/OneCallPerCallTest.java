package io.fgraph.core;

import io.fgraph.emulator.RunResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A trace shows each call exactly once and every function asked for, on the {@code libcalls} guest
 * (the kinds of calls uftrace's tests make): no phantom calls from loops back to an entry,
 * functions whose first instruction is a branch are traced, aliases match filters and the public
 * name is shown.
 */
class OneCallPerCallTest {
    private static List<String> calls(String... globs) {
        Guest guest = Guest.boot("libcalls");
        RecordingOps user = new RecordingOps(FunctionFilter.only(globs));
        guest.fgraph.register(user);
        RunResult result = guest.run();
        assertEquals(0, result.exitCode(), result.message() + guest.stdout());
        assertNull(guest.fgraph.killReason());
        return user.events;
    }

    @Test
    void aLoopBackToTheEntryIsNotACall() {
        // strcmp loops with "bnez a2, strcmp"; compare("hello", "hello") used to show 6 nested strcmp
        List<String> events = calls("compare", "strcmp");
        assertEquals(List.of("> compare 0", "> strcmp 1", "< strcmp 1 0", "< compare 0 0",
                "> compare 0", "> strcmp 1", "< strcmp 1 0", "< compare 0 0",
                "> compare 0", "> strcmp 1", "< strcmp 1 -4", "< compare 0 -4"), events);
    }

    @Test
    void anAssemblyFunctionThatJumpsBackToItsOwnEntryIsOneCall() {
        assertEquals(List.of("> count_down 0", "< count_down 0 42"), calls("count_down"));
    }

    @Test
    void functionsWhoseFirstInstructionIsABranchAreTraced() {
        // memmove and strncmp start with c.beqz, free with a branch too: simulated at the entry
        List<String> events = calls("memmove", "strncmp", "free");
        assertTrue(events.contains("> memmove 0"), events.toString());
        assertTrue(events.contains("> strncmp 0"), events.toString());
        assertTrue(events.contains("> free 0"), events.toString());
        assertEquals(6, events.size(), events.toString());
    }

    @Test
    void aFilterMatchesAnyAliasAndThePublicNameIsShown() {
        assertEquals(List.of("> malloc 0"), calls("__malloc_malloc").stream().filter(e -> e.startsWith(">")).toList());
        assertEquals(List.of("> free 0"), calls("free").stream().filter(e -> e.startsWith(">")).toList());
        Guest guest = Guest.boot("libcalls");
        TraceableFunction malloc = guest.fgraph.functions().at(guest.address("malloc"));
        assertEquals(List.of("malloc", "__malloc_malloc"), malloc.names());
    }

    @Test
    void whatCannotBeHookedIsKnownWithTheReason() {
        Guest guest = Guest.boot("libcalls");
        String reason = guest.fgraph.untraceable().get("read_cycle");
        assertTrue(reason != null && reason.contains("CSR"), guest.fgraph.untraceable().toString());
        assertEquals(1, guest.fgraph.untraceable().size(), guest.fgraph.untraceable().toString());
    }
}
