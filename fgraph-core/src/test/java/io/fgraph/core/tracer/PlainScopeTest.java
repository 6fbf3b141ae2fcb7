package io.fgraph.core.tracer;

import io.fgraph.core.Guest;
import io.fgraph.emulator.MachineConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With nothing selected the tracer decides calls with {@link PlainScope}; the trace must be the one
 * {@link GraphScope} gives for the same options, on every guest and library mode (setjmp's second
 * return, unwound frames, coroutines, several harts and library callbacks included).
 */
class PlainScopeTest {

    record Case(String guest, LibraryCalls mode, boolean retval, int harts, String[] args) {
        @Override
        public String toString() {
            return guest + " " + mode.key() + (retval ? "" : " no-retval") + (harts > 1 ? " harts=" + harts : "");
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (LibraryCalls mode : LibraryCalls.values()) {
            cases.add(new Case("libcalls", mode, true, 1, new String[0]));
            cases.add(new Case("longjmp", mode, true, 1, new String[0]));
            cases.add(new Case("coroutine", mode, true, 1, new String[0]));
            cases.add(new Case("qsort", mode, true, 1, new String[0]));
            cases.add(new Case("tailcall", mode, false, 1, new String[0]));
            cases.add(new Case("multihart", mode, true, 3, new String[] {"5"}));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plainPathTracesAsTheScopeMachine(Case c) {
        FunctionGraphOptions options = FunctionGraphOptions.defaults()
                .withSelection(GraphSelection.ALL.withLibraryCalls(c.mode())).withRetval(c.retval());
        String plain = trace(c, options, true);
        String general = trace(c, options, false);
        assertTrue(plain.contains(" main("), plain);
        assertEquals(general, plain);
    }

    private static String trace(Case c, FunctionGraphOptions options, boolean plainAllowed) {
        Guest guest = Guest.boot(c.guest(), MachineConfig.defaults().withHarts(c.harts()), c.args());
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(text, false, StandardCharsets.UTF_8);
        FunctionGraphPrinter printer = new FunctionGraphPrinter(print, guest.fgraph.functions()::nameOf,
                guest.machine.hartCount(), true);
        guest.fgraph.register(new FunctionGraphTracer(printer.sink(), options, plainAllowed));
        guest.run();
        printer.flush();
        return text.toString(StandardCharsets.UTF_8);
    }
}
