package io.fgraph.core.tracer;

import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void show() throws Exception {
        System.out.println(TracedGuest.run("chain", FunctionGraphOptions.defaults()).trace());
        System.out.println(TracedGuest.run("longjmp", FunctionGraphOptions.defaults().withFilter(io.fgraph.core.FunctionFilter.only("main","outer","middle","inner","after"))).trace());
    }
}
