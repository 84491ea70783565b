package syna.it;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A module layer built from jars (resolveAndBind, one class loader whose parent is the platform
 * loader, so nothing on the test class path leaks in), and reflective calls into its
 * {@code syna.api.spi.Providers} facade. Each layer has its own syna.api classes and so its own
 * provider registry. Calls run with the layer's loader as the thread context loader. Not
 * thread-safe.
 */
final class InLayer {
    /** A {@code syna.api.spi.ProviderProblem}, copied out of the layer. */
    record Problem(String spi, String provider, String description) {}

    private final ModuleLayer layer;
    private final ClassLoader loader;

    private InLayer(ModuleLayer layer) {
        this.layer = layer;
        this.loader = layer.findLoader("syna.api");
    }

    /** A layer of the modules in {@code jars} (first jar wins a name), rooted at {@code roots}. */
    static InLayer of(List<Path> jars, Collection<String> roots) {
        ModuleFinder finder = ModuleFinder.of(jars.toArray(Path[]::new));
        Configuration cf = ModuleLayer.boot().configuration().resolveAndBind(finder, ModuleFinder.of(), roots);
        return new InLayer(ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader()));
    }

    ModuleLayer layer() {
        return layer;
    }

    /** Class {@code name} of module {@code module} in this layer. */
    Class<?> type(String module, String name) {
        Module m = layer.findModule(module).orElseThrow(() -> new IllegalArgumentException(
                "module " + module + " is not in the layer " + layer.modules()));
        Class<?> c = Class.forName(m, name);
        if (c == null) {
            throw new IllegalArgumentException("no class " + name + " in module " + module);
        }
        return c;
    }

    /** The SPI interface {@code syna.api.spi.<simpleName>} of this layer. */
    Class<?> spi(String simpleName) {
        return type("syna.api", "syna.api.spi." + simpleName);
    }

    /** {@code Providers.names(spi)}. */
    @SuppressWarnings("unchecked")
    List<String> names(String spi) {
        return (List<String>) providers("names", new Class<?>[] {Class.class}, spi(spi));
    }

    /** {@code Providers.all(spi)}: provider objects by name. */
    @SuppressWarnings("unchecked")
    Map<String, Object> all(String spi) {
        return (Map<String, Object>) providers("all", new Class<?>[] {Class.class}, spi(spi));
    }

    /** {@code Providers.get(spi, name)}; an exception of the layer is rethrown as it is. */
    Object get(String spi, String name) {
        return providers("get", new Class<?>[] {Class.class, String.class}, spi(spi), name);
    }

    /** {@code Providers.problems()}. */
    List<Problem> problems() {
        List<Problem> out = new ArrayList<>();
        for (Object p : (List<?>) providers("problems", new Class<?>[0])) {
            out.add(new Problem((String) call(p, "spi"), (String) call(p, "provider"), (String) call(p, "description")));
        }
        return out;
    }

    /**
     * Each provider that a module in {@code descriptors} declares for a {@code syna.api.spi} SPI and
     * that this layer's registry does not have (it failed to load, or the registry missed it).
     */
    List<String> declaredButNotLoaded(Collection<java.lang.module.ModuleDescriptor> descriptors) {
        List<String> out = new ArrayList<>();
        for (var d : descriptors.stream().sorted(java.util.Comparator.comparing(x -> x.name())).toList()) {
            for (var p : d.provides().stream().sorted(java.util.Comparator.comparing(x -> x.service())).toList()) {
                if (!p.service().startsWith("syna.api.spi.")) {
                    continue;
                }
                String spi = p.service().substring("syna.api.spi.".length());
                List<String> loaded = all(spi).values().stream().map(o -> o.getClass().getName()).sorted().toList();
                for (String impl : p.providers()) {
                    if (!loaded.contains(impl)) {
                        out.add(d.name() + " provides " + spi + " with " + impl
                                + " but the registry of the layer has only " + loaded);
                    }
                }
            }
        }
        return out;
    }

    /** Calls static {@code syna.api.spi.Providers.<method>}. */
    Object providers(String method, Class<?>[] types, Object... args) {
        try {
            Method m = type("syna.api", "syna.api.spi.Providers").getMethod(method, types);
            return withContextLoader(() -> m.invoke(null, args));
        } catch (NoSuchMethodException e) {
            throw new AssertionError("syna.api.spi.Providers has no method " + method, e);
        }
    }

    /**
     * Calls public method {@code method} of {@code target} through the public type {@code declaring}
     * (an exported interface, since provider classes live in unexported packages).
     */
    Object invoke(Object target, Class<?> declaring, String method, Class<?>[] types, Object... args) {
        try {
            Method m = declaring.getMethod(method, types);
            return withContextLoader(() -> m.invoke(target, args));
        } catch (NoSuchMethodException e) {
            throw new AssertionError(declaring.getName() + " has no method " + method, e);
        }
    }

    /** Calls an accessor of a public record or class of an exported package. */
    static Object call(Object target, String accessor) {
        try {
            return target.getClass().getMethod(accessor).invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot call " + accessor + " on " + target.getClass().getName(), e);
        }
    }

    private interface Call {
        Object run() throws ReflectiveOperationException;
    }

    private Object withContextLoader(Call call) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            return call.run();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new AssertionError(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        } finally {
            t.setContextClassLoader(previous);
        }
    }
}
