package io.fgraph.cli;

import io.fgraph.core.FgraphOps;
import io.fgraph.core.FgraphPlugin;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;

/**
 * Loads tracer plugins for {@code --plugin JAR[:CLASS]}: the class named after the colon, or every
 * class the JAR lists in {@code META-INF/services/io.fgraph.core.FgraphPlugin} and
 * {@code META-INF/services/io.fgraph.core.FgraphOps}. Each needs a public no-argument constructor.
 * Errors are one line naming the option.
 */
final class PluginLoader {
    private PluginLoader() {
    }

    static List<FgraphOps> load(List<String> specs) {
        List<FgraphOps> plugins = new ArrayList<>();
        for (String spec : specs) {
            plugins.addAll(loadOne(spec));
        }
        return plugins;
    }

    private static List<FgraphOps> loadOne(String spec) {
        String option = "--plugin=" + spec;
        int colon = spec.lastIndexOf(':');
        String className = null;
        Path jar = Path.of(spec);
        if (colon > 0 && !Files.exists(jar)) {
            jar = Path.of(spec.substring(0, colon));
            className = spec.substring(colon + 1);
            if (className.isEmpty()) {
                throw new UserError(option + ": no class name after ':'");
            }
        }
        if (!Files.isRegularFile(jar)) {
            throw new UserError(option + ": " + jar + ": " + (Files.exists(jar) ? "not a file" : "no such file"));
        }
        try (JarFile check = new JarFile(jar.toFile())) {
            check.size();
        } catch (IOException e) {
            throw new UserError(option + ": " + jar + " is not a JAR file: " + IoErrors.reason(e, jar));
        }
        URLClassLoader loader;
        try {
            loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, PluginLoader.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new UserError(option + ": " + e.getMessage());
        }
        if (className != null) {
            return List.of(instantiate(option, loader, className));
        }
        List<FgraphOps> found = new ArrayList<>();
        try {
            for (FgraphPlugin plugin : ServiceLoader.load(FgraphPlugin.class, loader)) {
                found.add(plugin);
            }
            for (FgraphOps ops : ServiceLoader.load(FgraphOps.class, loader)) {
                if (found.stream().noneMatch(p -> p.getClass() == ops.getClass())) {
                    found.add(ops);
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new UserError(option + ": " + e.getMessage());
        }
        if (found.isEmpty()) {
            throw new UserError(option + ": " + jar + " names no plugin (META-INF/services/io.fgraph.core.FgraphPlugin "
                    + "or io.fgraph.core.FgraphOps) and no class was given (JAR:CLASS)");
        }
        return found;
    }

    private static FgraphOps instantiate(String option, ClassLoader loader, String className) {
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new UserError(option + ": class " + className + " not found in the JAR (" + e + ")");
        }
        if (!FgraphOps.class.isAssignableFrom(type)) {
            throw new UserError(option + ": " + className + " is not an io.fgraph.core.FgraphOps");
        }
        try {
            return (FgraphOps) type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new UserError(option + ": " + className + " has no public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new UserError(option + ": " + className + "'s constructor threw " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new UserError(option + ": cannot create " + className + ": " + e);
        }
    }
}
