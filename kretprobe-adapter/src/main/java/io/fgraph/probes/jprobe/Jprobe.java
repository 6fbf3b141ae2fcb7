package io.fgraph.probes.jprobe;

import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.elf.SymbolTable;
import io.fgraph.probes.Kprobe;
import io.fgraph.probes.KprobeHandler;
import io.fgraph.probes.ProbeTarget;
import io.fgraph.probes.fetch.FetchArg;
import io.fgraph.probes.fetch.FetchLocation;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Seed 003 §1.2 in Java: a handler whose parameters mirror the probed function's sees its arguments
 * at the entry, as a jprobe's did. Parameter {@code i} is the function's {@code i}-th integer
 * argument, from {@code a0..a7} and then the stack (RISC-V psABI), read as its Java type says:
 * {@code long}, {@code int}, {@code short}, {@code byte}, {@code char}, {@code boolean},
 * {@code String} for a {@code char *}, a record for a pointer to a struct ({@link StructLayout}).
 * An optional first parameter of type {@link Hart} receives the hart. The handler's return value is
 * ignored (jprobe handlers end with {@code jprobe_return()}); the function then runs normally.
 *
 * <p>The handler is bound once, at construction, into one method handle {@code (Hart)void} that
 * fetches every argument and calls it: a hit costs no reflection and boxes nothing. The fetches are
 * {@link FetchArg}s, the engine of the text form ({@link #arguments()} shows them in that syntax).
 */
public final class Jprobe {
    private final String function;
    private final MethodHandle invoker;
    private final List<FetchArg> arguments;
    private final Kprobe kprobe;

    private Jprobe(String function, MethodHandle handler, SymbolTable symbols) {
        this.function = function;
        MethodType type = handler.type();
        int first = type.parameterCount() > 0 && type.parameterType(0) == Hart.class ? 1 : 0;
        MethodHandle[] readers = new MethodHandle[type.parameterCount() - first];
        List<FetchArg> args = new ArrayList<>();
        for (int i = first; i < type.parameterCount(); i++) {
            int number = i - first + 1;
            Class<?> parameter = type.parameterType(i);
            String name = "arg" + number;
            FetchLocation argument = new FetchLocation.Argument(number);
            if (parameter.isRecord()) {
                StructLayout.Reader reader = StructLayout.record(parameter, argument, name, symbols);
                readers[i - first] = reader.handle();
                args.addAll(reader.args());
            } else {
                FetchArg arg = new FetchArg(name, argument, Arguments.type(parameter, name), symbols);
                readers[i - first] = Arguments.reader(arg, parameter);
                args.add(arg);
            }
        }
        MethodHandle bound = handler.asType(type.changeReturnType(void.class));
        bound = MethodHandles.filterArguments(bound, first, readers);
        this.invoker = MethodHandles.permuteArguments(bound, MethodType.methodType(void.class, Hart.class),
                new int[type.parameterCount()]).asType(MethodType.methodType(void.class, Hart.class));
        this.arguments = List.copyOf(args);
        this.kprobe = new Kprobe(ProbeTarget.symbol(function, 0), new KprobeHandler() {
            @Override
            public boolean preHandler(Kprobe probe, Hart regs) {
                call(regs);
                return false;
            }
        });
    }

    /**
     * A jprobe at the entry of {@code function} calling {@code handler}.
     *
     * @param symbols the program's symbols (for {@code symbol}-typed fetches; its functions are not checked here:
     *                {@link io.fgraph.probes.Kprobes#register} does that)
     * @throws IllegalArgumentException for a parameter type a jprobe cannot read
     */
    public static Jprobe on(String function, MethodHandle handler, SymbolTable symbols) {
        return new Jprobe(function, handler, symbols);
    }

    /**
     * A jprobe calling the method named {@code method} of {@code target} (there must be exactly
     * one), found once with {@code lookup}: usually the method named as the function.
     */
    public static Jprobe on(String function, MethodHandles.Lookup lookup, Object target, String method, SymbolTable symbols) {
        Method[] found = Arrays.stream(target.getClass().getDeclaredMethods())
                .filter(m -> m.getName().equals(method) && !Modifier.isStatic(m.getModifiers()) && !m.isSynthetic())
                .toArray(Method[]::new);
        if (found.length != 1) {
            throw new IllegalArgumentException("handler " + target.getClass().getName() + "." + method + ": "
                    + (found.length == 0 ? "no such method" : found.length + " methods of that name: rename the overloads"));
        }
        try {
            return new Jprobe(function, lookup.unreflect(found[0]).bindTo(target), symbols);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("handler " + found[0] + ": not accessible with the lookup given: " + e.getMessage(), e);
        }
    }

    private void call(Hart hart) {
        try {
            invoker.invokeExact(hart);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("jprobe handler for " + function + " threw " + e, e);
        }
    }

    /** The kprobe to register (at {@code function+0}). */
    public Kprobe kprobe() {
        return kprobe;
    }

    /** What the handler's parameters fetch, in the fetch-argument syntax. */
    public List<FetchArg> arguments() {
        return arguments;
    }

    public String function() {
        return function;
    }
}
