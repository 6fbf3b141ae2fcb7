package io.fgraph.emulator.linux;

import io.fgraph.emulator.linux.fs.HostFile;
import io.fgraph.emulator.linux.fs.OpenFile;
import io.fgraph.emulator.memory.PagedMemory;

import java.io.IOException;

/**
 * brk, mmap (anonymous; private file mappings are read in), munmap, mprotect, mremap and madvise,
 * on the {@link AddressSpace}.
 */
final class MemoryCalls {
    static final int MAP_SHARED = 1;
    static final int MAP_PRIVATE = 2;
    static final int MAP_TYPE = 3;
    static final int MAP_FIXED = 0x10;
    static final int MAP_ANONYMOUS = 0x20;
    static final int MAP_FIXED_NOREPLACE = 0x100000;
    static final int MREMAP_MAYMOVE = 1;
    static final int MREMAP_FIXED = 2;
    static final int MADV_DONTNEED = 4;
    static final int MADV_FREE = 8;
    static final int PROT_ALL = PagedMemory.PROT_READ | PagedMemory.PROT_WRITE | PagedMemory.PROT_EXEC;

    private final LinuxProcess process;
    private final AddressSpace space;

    MemoryCalls(LinuxProcess process) {
        this.process = process;
        this.space = process.space();
    }

    void register(SystemCallTable table) {
        table.add(214, "x: x", c -> space.brk(c.arg(0)));
        table.add(222, "x: x u prot mflags fd l", c -> mmap(c.arg(0), c.arg(1), c.intArg(2), c.intArg(3), c.intArg(4), c.arg(5)));
        table.add(215, "x u", c -> munmap(c.arg(0), c.arg(1)));
        table.add(226, "x u prot", c -> mprotect(c.arg(0), c.arg(1), c.intArg(2)));
        table.add(216, "x: x u u d x", c -> mremap(c.arg(0), c.arg(1), c.arg(2), c.intArg(3), c.arg(4)));
        table.add(233, "x u madv", c -> madvise(c.arg(0), c.arg(1), c.intArg(2)));
        table.add(227, "x u d", c -> 0);   // msync: private mappings only
        table.add(228, "x u", c -> 0);     // mlock: nothing is ever paged out
        table.add(229, "x u", c -> 0);     // munlock
    }

    private static boolean aligned(long address) {
        return (address & io.fgraph.emulator.memory.Memory.PAGE_OFFSET_MASK) == 0;
    }

    private boolean refusedToolText(long start, long end) {
        if (AddressSpace.touchesToolText(start, end)) {
            process.warnOnce("tooltext", String.format("the program asked to map or change [0x%x, 0x%x), which holds "
                    + "fgraph's own text [0x%x, 0x%x): refused", start, end, AddressSpace.TOOL_TEXT_START, AddressSpace.TOOL_TEXT_END));
            return true;
        }
        return false;
    }

    long mmap(long address, long length, int prot, int flags, int fd, long offset) {
        int type = flags & MAP_TYPE;
        if (length <= 0 || type == 0 || !aligned(offset) || (prot & ~PROT_ALL) != 0) {
            return -Errno.EINVAL;
        }
        if (Long.compareUnsigned(length, AddressSpace.LIMIT) >= 0) {
            return -Errno.ENOMEM;
        }
        long size = AddressSpace.pageUp(length);
        boolean fixed = (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0;
        HostFile file = null;
        if ((flags & MAP_ANONYMOUS) == 0) {
            OpenFile open = process.files().get(fd);
            if (open == null) {
                return -Errno.EBADF;
            }
            if (!(open instanceof HostFile host) || !open.readable()) {
                return open instanceof io.fgraph.emulator.linux.fs.Device ? -Errno.ENODEV : -Errno.EACCES;
            }
            if (type != MAP_PRIVATE && (prot & PagedMemory.PROT_WRITE) != 0) {
                process.warnOnce("mapshared", "a shared writable file mapping is not supported (its writes would not "
                        + "reach the file): mmap returns ENODEV");
                return -Errno.ENODEV;
            }
            file = host;
        }
        long start;
        if (fixed) {
            if (!aligned(address)) {
                return -Errno.EINVAL;
            }
            long end = address + size;
            if (Long.compareUnsigned(address, AddressSpace.NULL_GUARD_END) < 0 || Long.compareUnsigned(end, AddressSpace.LIMIT) > 0
                    || Long.compareUnsigned(end, address) <= 0) {
                return -Errno.ENOMEM;
            }
            if (refusedToolText(address, end)) {
                return -Errno.ENOMEM;
            }
            if ((flags & MAP_FIXED) == 0 && !space.isFree(address, end)) {
                return -Errno.EEXIST;
            }
            start = address;
        } else {
            long hint = AddressSpace.pageDown(address);
            if (hint != 0 && !AddressSpace.touchesToolText(hint, hint + size) && space.isFree(hint, hint + size)) {
                start = hint;
            } else {
                start = space.findFree(size, AddressSpace.MMAP_BASE);
                if (start < 0) {
                    return -Errno.ENOMEM;
                }
            }
        }
        if (!space.map(start, start + size, prot)) {
            return -Errno.ENOMEM;
        }
        if (file != null) {
            try {
                byte[] bytes = file.contents(offset, (int) Math.min(size, Integer.MAX_VALUE - 8));
                process.memory().write(start, bytes);
            } catch (IOException e) {
                space.unmap(start, start + size);
                return -Errno.EIO;
            }
        }
        return start;
    }

    private long munmap(long address, long length) {
        if (!aligned(address) || length <= 0) {
            return -Errno.EINVAL;
        }
        long end = address + AddressSpace.pageUp(length);
        if (Long.compareUnsigned(end, AddressSpace.LIMIT) > 0 || Long.compareUnsigned(end, address) <= 0) {
            return -Errno.EINVAL;
        }
        if (refusedToolText(address, end)) {
            return -Errno.EINVAL;
        }
        space.unmap(address, end);
        return 0;
    }

    private long mprotect(long address, long length, int prot) {
        if (!aligned(address) || (prot & ~PROT_ALL) != 0) {
            return -Errno.EINVAL;
        }
        if (length == 0) {
            return 0;
        }
        long end = address + AddressSpace.pageUp(length);
        if (Long.compareUnsigned(end, AddressSpace.LIMIT) > 0 || Long.compareUnsigned(end, address) <= 0) {
            return -Errno.ENOMEM;
        }
        if (refusedToolText(address, end)) {
            return -Errno.EACCES;
        }
        if (!space.isMapped(address, end)) {
            return -Errno.ENOMEM;
        }
        process.memory().protect(address, end - address, prot);
        return 0;
    }

    private long mremap(long old, long oldLength, long newLength, int flags, long newAddress) {
        if (!aligned(old) || newLength <= 0 || (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) != 0
                || ((flags & MREMAP_FIXED) != 0 && (flags & MREMAP_MAYMOVE) == 0)) {
            return -Errno.EINVAL;
        }
        long oldSize = AddressSpace.pageUp(oldLength);
        long newSize = AddressSpace.pageUp(newLength);
        if (oldSize == 0 || !space.isMapped(old, old + oldSize) || refusedToolText(old, old + oldSize)) {
            return -Errno.EFAULT;
        }
        int prot = process.memory().protection(old + oldSize - 1);
        if ((flags & MREMAP_FIXED) != 0) {
            if (!aligned(newAddress) || refusedToolText(newAddress, newAddress + newSize)
                    || Long.compareUnsigned(newAddress, AddressSpace.NULL_GUARD_END) < 0
                    || Long.compareUnsigned(newAddress + newSize, AddressSpace.LIMIT) > 0) {
                return -Errno.EINVAL;
            }
            space.unmap(newAddress, newAddress + newSize);
            return moveTo(old, oldSize, newAddress, newSize, prot);
        }
        if (newSize <= oldSize) {
            space.unmap(old + newSize, old + oldSize);
            return old;
        }
        long end = old + newSize;
        if (!AddressSpace.touchesToolText(old + oldSize, end) && space.isFree(old + oldSize, end)) {
            return space.map(old + oldSize, end, prot) ? old : -Errno.ENOMEM;
        }
        if ((flags & MREMAP_MAYMOVE) == 0) {
            return -Errno.ENOMEM;
        }
        long target = space.findFree(newSize, AddressSpace.MMAP_BASE);
        return target < 0 ? -Errno.ENOMEM : moveTo(old, oldSize, target, newSize, prot);
    }

    private long moveTo(long old, long oldSize, long target, long newSize, int prot) {
        long kept = Math.min(oldSize, newSize);
        space.move(old, target, kept);
        if (oldSize > kept) {
            space.unmap(old + kept, old + oldSize);
        }
        if (newSize > kept && !space.map(target + kept, target + newSize, prot)) {
            return -Errno.ENOMEM;
        }
        return target;
    }

    private long madvise(long address, long length, int advice) {
        if (!aligned(address) || length < 0) {
            return -Errno.EINVAL;
        }
        long end = address + AddressSpace.pageUp(length);
        if (advice == MADV_DONTNEED || advice == MADV_FREE) {
            if (refusedToolText(address, end)) {
                return -Errno.EINVAL;
            }
            process.memory().discard(address, end - address);
        }
        return 0;
    }
}
