package io.fgraph.probes.jprobe;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Where a record component lies in the C struct it mirrors, when the natural layout (each field at
 * the next offset aligned to its size) is not it: an explicit byte offset, and for a bitfield its
 * bits within the component's container (the component's own size: {@code byte} 8 bits, {@code int} 32).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Field {
    /** Byte offset in the struct; -1 for the natural offset. */
    int offset() default -1;

    /** A bitfield's first bit in its container. */
    int bitOffset() default 0;

    /** A bitfield's width in bits; 0 for a whole field. */
    int bitWidth() default 0;
}
