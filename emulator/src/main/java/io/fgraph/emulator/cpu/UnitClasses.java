package io.fgraph.emulator.cpu;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The classes of translated units, shared by every hart and machine of this JVM: a region with the
 * same instructions at the same address compiles to the same class, so a second machine running
 * the same program (a test suite, a benchmark's iterations, the harts of one machine) reuses the
 * class and the machine code HotSpot made of it. A unit is an instance of its class bound to its
 * own page, so sharing the class shares no guest state.
 *
 * <p>Bounded: past {@value #CAPACITY} classes the least recently used is forgotten (and unloaded
 * once no unit of it is left). Thread-safe: harts of a parallel machine translate at the same time.
 */
final class UnitClasses {
    static final int CAPACITY = 4096;
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final MethodType CONSTRUCTOR = MethodType.methodType(void.class, DecodedPage.class);
    private static final String CLASS_NAME = TranslatedUnit.class.getName().replace('.', '/') + "$Unit";

    private static final Map<Key, MethodHandle> CLASSES = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, MethodHandle> eldest) {
            return size() > CAPACITY;
        }
    };

    private UnitClasses() {
    }

    /** What makes two regions compile to the same class: the page address, the fence mode and every instruction. */
    private record Key(long[] content) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key && Arrays.equals(content, ((Key) other).content);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(content);
        }
    }

    /**
     * The constructor (taking the page) of the class compiled from {@code region}, or null when the
     * region is too big for HotSpot (see {@link UnitCompiler#MAX_CODE_BYTES}). A class the JVM
     * refuses to load throws (a {@link LinkageError} or an {@link IllegalAccessException}).
     */
    static MethodHandle constructor(GuestRegion region, boolean parallel, long entryPc) throws ReflectiveOperationException {
        Key key = key(region, parallel);
        synchronized (CLASSES) {
            MethodHandle known = CLASSES.get(key);
            if (known != null) {
                return known;
            }
        }
        byte[] code = UnitCompiler.compile(region, parallel, CLASS_NAME + Long.toHexString(entryPc));
        if (code == null) {
            return null;
        }
        UnitDump.write(code, entryPc);
        MethodHandles.Lookup unitClass = LOOKUP.defineHiddenClass(code, true);
        MethodHandle constructor = unitClass.findConstructor(unitClass.lookupClass(), CONSTRUCTOR);
        synchronized (CLASSES) {
            MethodHandle raced = CLASSES.putIfAbsent(key, constructor);
            return raced != null ? raced : constructor;
        }
    }

    private static Key key(GuestRegion region, boolean parallel) {
        int n = 2;
        for (GuestBlock block : region.blocks) {
            n += 1 + 2 * block.length();
        }
        long[] content = new long[n];
        int i = 0;
        content[i++] = region.base;
        content[i++] = parallel ? 1 : 0;
        for (GuestBlock block : region.blocks) {
            content[i++] = (long) block.headSlot << 32 | block.length();
            for (int k = 0; k < block.length(); k++) {
                content[i++] = (block.pcs[k] - region.base) << 32 | (block.words[k] & 0xFFFF_FFFFL);
                content[i++] = block.immediates[k];
            }
        }
        return new Key(content);
    }
}
