package io.fgraph.emulator.platform;

import io.fgraph.emulator.MachineConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guest arguments arrive as given (the hello guest prints its argv), or the run is refused with the
 * reason: picolibc's crt0 splits the semihosting command line at spaces into 62 arguments at most,
 * from a 1024-byte buffer.
 */
class GuestCommandLineTest {

    private static String argvLines(List<String> args) {
        StringBuilder expected = new StringBuilder("hello, world\nargv[0] = program-name\n");
        for (int i = 0; i < args.size(); i++) {
            expected.append("argv[").append(i + 1).append("] = ").append(args.get(i)).append('\n');
        }
        return expected.toString();
    }

    private static String refusal(List<String> args) {
        MachineConfig config = MachineConfig.defaults().withArguments(args);
        return assertThrows(ProgramLoadException.class, () -> BareMetalPlatform.boot(GuestRunner.elf("hello"), config))
                .getMessage();
    }

    @Test
    void argumentsArriveAsGiven() {
        List<String> args = List.of("one", "t\two", "ünï", "--x=1");
        assertEquals(argvLines(args), GuestRunner.run("hello", args.toArray(new String[0])).stdout());
    }

    @Test
    void anArgumentWithASpaceIsRefusedInsteadOfBecomingTwo() {
        assertEquals("guest argument argv[2] 'a b' contains a space: picolibc's semihosting start-up code splits "
                + "its command line at spaces and has no quoting", refusal(List.of("one", "a b")));
    }

    @Test
    void anEmptyArgumentIsRefusedInsteadOfDisappearing() {
        assertEquals("guest argument argv[1] is empty: picolibc's semihosting start-up code splits its command line "
                + "at spaces and cannot receive an empty argument", refusal(List.of("", "z")));
    }

    @Test
    void aCommandLineOf1024BytesIsRefusedInsteadOfDroppingEveryArgument() {
        assertEquals("the guest command line is 1024 bytes: picolibc's semihosting start-up code takes at most 1023 "
                + "(its buffer is 1024 bytes)", refusal(List.of("x".repeat(1024))));
        assertTrue(refusal(List.of("é".repeat(512))).startsWith("the guest command line is 1024 bytes"),
                "the limit counts UTF-8 bytes");
    }

    @Test
    void aCommandLineOf1023BytesArrivesWhole() {
        List<String> args = List.of("y".repeat(500), "z".repeat(522));
        assertEquals(argvLines(args), GuestRunner.run("hello", args.toArray(new String[0])).stdout());
    }

    @Test
    void sixtyTwoArgumentsArriveAndSixtyThreeAreRefused() {
        List<String> args = new ArrayList<>();
        for (int i = 1; i <= 62; i++) {
            args.add("a" + i);
        }
        assertEquals(argvLines(args), GuestRunner.run("hello", args.toArray(new String[0])).stdout());
        args.add("a63");
        assertEquals("63 guest arguments: picolibc's semihosting start-up code takes at most 62 (the rest would be "
                + "dropped)", refusal(args));
    }

    @Test
    void controlCharactersAreEscapedInTheMessage() {
        String message = refusal(Collections.nCopies(1, "a\nb c"));
        assertEquals("guest argument argv[1] 'a\\x0ab c' contains a space: picolibc's semihosting start-up code "
                + "splits its command line at spaces and has no quoting", message);
    }
}
