package io.fgraph.emulator.elf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The committed guest ELFs (module {@code guest}), read from the test classpath as {@code /guest/NAME.elf}. */
final class GuestElfs {

    /** Every program in {@code guest/elf/}. */
    static final List<String> NAMES = List.of("chain", "fib", "hello", "longjmp", "multihart", "qsort", "selfmod",
            "tohost_fail", "tohost_pass");

    private GuestElfs() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = GuestElfs.class.getResourceAsStream("/guest/" + name + ".elf")) {
            if (in == null) {
                throw new IllegalStateException("guest program " + name + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ElfFile parse(String name) {
        try {
            return ElfFile.parse(bytes(name));
        } catch (ElfFormatException e) {
            throw new AssertionError(name + ": " + e.getMessage(), e);
        }
    }
}
