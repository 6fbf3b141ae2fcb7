package io.fgraph.probes.kretprobe;

import io.fgraph.core.CallInfo;
import io.fgraph.core.DataBlock;
import io.fgraph.core.EntryContext;
import io.fgraph.core.Fgraph;
import io.fgraph.core.FgraphOps;
import io.fgraph.core.FunctionFilter;
import io.fgraph.core.MissReason;
import io.fgraph.core.Registration;
import io.fgraph.core.ReturnContext;
import io.fgraph.core.TraceableFunction;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.elf.SymbolTable;
import io.fgraph.emulator.hook.Backtrace;
import io.fgraph.probes.KprobeException;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kretprobes on fgraph (seed 004, Masami's plan): one fgraph user serves every kretprobe. Its entry
 * callback runs the entry handlers of the probes on that function and keeps their instances in the
 * call's shadow-stack frame; its return callback runs their handlers, so all kretprobes on a
 * function share fgraph's one return-address hijack and {@code maxactive} limits nothing.
 *
 * <pre>
 *  the frame's data for this user (fgraph reserved data, at most 256 bytes):
 *   +0   group id (bits 63..32) | active probes (bits 31..0)
 *   +8   probe 0's private data (dataSize, rounded up to 8)
 *   ...  probe 1's, ...
 *  or, when the probes' data does not fit in 256 bytes (the fallback Masami proposes):
 *   +0   group id | active probes
 *   +8   index of a pooled instance holding every probe's data
 * </pre>
 * A group is the set of probes on a function when the call entered (registrations that come or go
 * while a call is in flight do not move its data). {@code nmissed} counts only what fgraph could
 * not give: a full shadow stack, no room for the data, or a call made inside a handler.
 */
public final class FgraphKretprobes implements Kretprobes {
    private static final int HEADER_BYTES = 8;
    private static final int MAX_INLINE = 256;

    private final Fgraph fgraph;
    private final SymbolTable symbols;
    private final List<Kretprobe> registered = new CopyOnWriteArrayList<>();
    private final List<KretprobeFailure> failures = new CopyOnWriteArrayList<>();
    /** The current group of each probed function; replaced, never changed in place. */
    private volatile Long2ObjectHashMap<Group> byEntry = new Long2ObjectHashMap<>();
    /** Every group ever made, by id, for calls in flight. */
    private final ConcurrentHashMap<Integer, Group> groups = new ConcurrentHashMap<>();
    private final AtomicInteger nextGroup = new AtomicInteger(1);
    private final ConcurrentLinkedQueue<long[]> pool = new ConcurrentLinkedQueue<>();
    private final List<long[]> pooled = new CopyOnWriteArrayList<>();
    private final Instance[] instances;
    private final User user = new User();
    private Registration registration;

    /** The probes on one function at one time, and where each one's data lies. */
    private record Group(int id, long entry, Kretprobe[] probes, int[] offsets, int[] lengths, int dataBytes,
                         boolean pooledData) {
    }

    public FgraphKretprobes(Fgraph fgraph, SymbolTable symbols) {
        this.fgraph = fgraph;
        this.symbols = symbols;
        this.instances = new Instance[fgraph.machine().hartCount()];
        for (int i = 0; i < instances.length; i++) {
            instances[i] = new Instance();
        }
    }

    @Override
    public String implementation() {
        return "fgraph";
    }

    @Override
    public synchronized void register(Kretprobe probe) {
        if (probe.owner != null) {
            throw new IllegalStateException(probe + ": already registered");
        }
        long entry = ProbedFunctions.entry(probe.target(), symbols);
        if (!fgraph.hooksEntry(entry)) {
            String name = fgraph.functions().nameOf(entry);
            String why = fgraph.untraceable().get(name);
            throw new KprobeException(probe.target() + ": fgraph cannot hook " + name
                    + (why != null ? " (" + why + ")" : ""));
        }
        registered.add(probe);
        probe.owner = this;
        rebuild(entry);
    }

    @Override
    public synchronized void unregister(Kretprobe probe) {
        if (probe.owner != this || !registered.remove(probe)) {
            throw new IllegalStateException(probe + ": not registered");
        }
        probe.owner = null;
        rebuild(ProbedFunctions.entry(probe.target(), symbols));
    }

    private void rebuild(long entry) {
        List<Kretprobe> probes = new ArrayList<>();
        for (Kretprobe p : registered) {
            if (ProbedFunctions.entry(p.target(), symbols) == entry) {
                probes.add(p);
            }
        }
        Long2ObjectHashMap<Group> next = new Long2ObjectHashMap<>();
        next.putAll(byEntry);
        if (probes.isEmpty()) {
            next.remove(entry);
        } else {
            Group group = group(entry, probes);
            groups.put(group.id(), group);
            next.put(entry, group);
        }
        byEntry = next;
        FunctionFilter filter = filter(next);
        if (registration == null) {
            registration = fgraph.register(user);
        }
        registration.setFilter(filter);
    }

    private Group group(long entry, List<Kretprobe> probes) {
        int n = probes.size();
        if (n > 32) {
            throw new KprobeException("more than 32 return probes on " + fgraph.functions().nameOf(entry));
        }
        int[] offsets = new int[n];
        int[] lengths = new int[n];
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            offsets[i] = bytes;
            lengths[i] = (probes.get(i).dataSize() + 7) & ~7;
            bytes += lengths[i];
        }
        return new Group(nextGroup.getAndIncrement(), entry, probes.toArray(new Kretprobe[0]), offsets, lengths, bytes,
                HEADER_BYTES + bytes > MAX_INLINE);
    }

    private FunctionFilter filter(Long2ObjectHashMap<Group> groups) {
        List<String> names = new ArrayList<>();
        for (Group group : groups.values()) {
            TraceableFunction function = fgraph.functions().at(group.entry());
            names.add(function != null ? function.name() : fgraph.functions().nameOf(group.entry()));
        }
        return names.isEmpty() ? FunctionFilter.only("\u0000") : FunctionFilter.only(names.toArray(new String[0]));
    }

    @Override
    public List<Kretprobe> probes() {
        return List.copyOf(registered);
    }

    @Override
    public Backtrace backtrace(Hart hart) {
        return fgraph.backtrace(hart, false);
    }

    @Override
    public List<KretprobeFailure> failures() {
        return List.copyOf(failures);
    }

    /** Pooled instances ever made (calls whose probes' data is larger than fgraph's per-user limit). */
    public int pooledInstances() {
        return pooled.size();
    }

    private long[] take(int words) {
        long[] data = pool.poll();
        if (data == null || data.length < words) {
            data = new long[Math.max(words, 1)];
            pooled.add(data);
        } else {
            Arrays.fill(data, 0L);
        }
        return data;
    }


    /** The one fgraph user. */
    private final class User implements FgraphOps {
        @Override
        public String name() {
            return "kretprobes";
        }

        @Override
        public FunctionFilter filter() {
            return FunctionFilter.only("\u0000"); // set for real by the registration's filter
        }

        @Override
        public boolean onEntry(EntryContext call) {
            Group group = byEntry.get(call.function());
            if (group == null) {
                return false;
            }
            DataBlock frame = call.reserveData(group.pooledData() ? 2 * Long.BYTES : HEADER_BYTES + group.dataBytes());
            if (call.reservationFailed()) {
                return false; // fgraph counts it and tells onMissed: nmissed, and no entry handler, as Linux
            }
            long[] pooledData = group.pooledData() ? take(group.dataBytes() / Long.BYTES) : null;
            Instance instance = instances[call.cpu()].at(call, frame, pooledData);
            int active = 0;
            for (int i = 0; i < group.probes().length; i++) {
                Kretprobe probe = group.probes()[i];
                if (probe.failed()) {
                    continue;
                }
                instance.probe(probe, group.offsets()[i], group.lengths()[i]);
                if (probe.enter(instance, call.hart(), failures)) {
                    active |= 1 << i;
                }
            }
            if (active == 0) {
                if (pooledData != null) {
                    pool.add(pooledData);
                }
                return false; // no probe wants the return: fgraph drops the data and does not hijack
            }
            frame.putLong(0, ((long) group.id() << 32) | (active & 0xFFFF_FFFFL));
            if (pooledData != null) {
                frame.putLong(8, pooled.indexOf(pooledData));
            }
            return true;
        }

        @Override
        public void onReturn(ReturnContext call) {
            if (call.secondReturn()) {
                return; // setjmp's second return: its probes saw its one return
            }
            DataBlock frame = call.retrieveData();
            long header = frame.getLong(0);
            Group group = groups.get((int) (header >>> 32));
            int active = (int) header;
            long[] pooledData = group.pooledData() ? pooled.get((int) frame.getLong(8)) : null;
            Instance instance = instances[call.cpu()].at(call, frame, pooledData);
            Hart regs = call.hart();
            for (int i = group.probes().length - 1; i >= 0; i--) {
                if ((active & (1 << i)) == 0) {
                    continue;
                }
                Kretprobe probe = group.probes()[i];
                instance.probe(probe, group.offsets()[i], group.lengths()[i]);
                probe.exit(FgraphKretprobes.this, instance, regs, call.unwound(), failures); // a probe unregistered in flight runs nothing
            }
            if (pooledData != null) {
                pool.add(pooledData);
            }
        }

        @Override
        public void onMissed(int task, long function, MissReason reason) {
            Group group = byEntry.get(function);
            if (group != null) {
                for (Kretprobe probe : group.probes()) {
                    probe.countMissed();
                }
            }
        }
    }

    /** The instance flyweight of one hart: a view of one probe's part of the call's data. */
    private static final class Instance implements KretprobeInstance {
        private final DataBlock data = new DataBlock();
        private DataBlock frame;
        private DataBlock pooledBlock;
        private long[] pooledData;
        private CallInfo call;
        private Kretprobe probe;

        Instance at(CallInfo call, DataBlock frame, long[] pooledData) {
            this.call = call;
            this.frame = frame;
            this.pooledData = pooledData;
            this.pooledBlock = pooledData == null ? null : DataBlock.over(pooledData);
            return this;
        }

        void probe(Kretprobe probe, int offset, int length) {
            this.probe = probe;
            if (pooledBlock != null) {
                pooledBlock.slice(offset, length, data);
            } else {
                frame.slice(HEADER_BYTES + offset, length, data);
            }
        }

        @Override
        public Kretprobe probe() {
            return probe;
        }

        @Override
        public long returnAddress() {
            return call.returnAddress();
        }

        @Override
        public long entryStackPointer() {
            return call.entryStackPointer();
        }

        @Override
        public int task() {
            return call.task();
        }

        @Override
        public long entryTime() {
            return call.entryTime();
        }

        @Override
        public DataBlock data() {
            return data;
        }
    }
}
