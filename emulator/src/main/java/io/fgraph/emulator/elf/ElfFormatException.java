package io.fgraph.emulator.elf;

/**
 * Thrown when a byte image is not a loadable ELF64 little-endian RISC-V program.
 *
 * <p>The message is a single line that names the problem and the offending field, for example
 * {@code "not a RISC-V ELF (e_machine=62)"} or
 * {@code "truncated: program header 2 at offset 0x1234 extends past end of file (size=4096)"}.
 */
public final class ElfFormatException extends Exception {

    /**
     * Creates an exception with the given one-line message.
     *
     * @param message what is wrong with the file, naming the field and its value
     */
    public ElfFormatException(String message) {
        super(message);
    }
}
