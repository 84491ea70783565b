package syna.cli.internal;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import syna.api.SynaException;
import syna.api.spi.CodecProvider;
import syna.api.spi.GpuBackendProvider;
import syna.api.spi.GpuProbe;
import syna.api.spi.ProviderProblem;
import syna.api.spi.Providers;
import syna.api.spi.StorageEngineProvider;
import syna.api.spi.SynaProvider;
import syna.api.spi.VectorIndexProvider;
import syna.api.spi.VectorKernelsProvider;
import syna.api.spi.VectorStoreProvider;

/** {@code syna providers}: the plugins found, per SPI, and the ones that failed. Not thread-safe; one per execution. */
@Command(name = "providers", description = "List the providers found for each SPI, the default choice, and loading problems.")
final class ProvidersCommand implements Callable<Integer> {
    private static final List<Class<? extends SynaProvider>> SPIS = List.of(
            StorageEngineProvider.class, VectorStoreProvider.class, CodecProvider.class, VectorIndexProvider.class,
            VectorKernelsProvider.class, GpuBackendProvider.class);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (Class<? extends SynaProvider> spi : SPIS) {
            list(out, spi);
        }
        List<ProviderProblem> problems = Providers.problems();
        out.println(problems.isEmpty() ? "problems: none" : "problems: " + problems.size());
        for (ProviderProblem p : problems) {
            out.println("  " + p);
        }
        return ExitCodes.OK;
    }

    private static <P extends SynaProvider> void list(PrintWriter out, Class<P> spi) {
        Map<String, P> all = Providers.all(spi);
        String chosen;
        try {
            chosen = Providers.select(spi, Optional.empty()).name();
        } catch (SynaException e) {
            chosen = "none";
        }
        out.println(spi.getSimpleName() + " (default: " + chosen + ")");
        if (all.isEmpty()) {
            out.println("  (none found)");
        }
        for (P p : all.values()) {
            Module m = p.getClass().getModule();
            String line = String.format("  %-10s v%-3d %-18s %s%s", p.name(), p.formatVersion(),
                    m.isNamed() ? m.getName() : "(class path)",
                    p.capabilities().isEmpty() ? "" : new TreeSet<>(p.capabilities()) + " ", status(p));
            out.println(line.stripTrailing());
        }
    }

    private static String status(SynaProvider p) {
        return switch (p) {
            case VectorKernelsProvider k -> k.unavailableReason().map(r -> "unavailable: " + r).orElse("available");
            case GpuBackendProvider g -> {
                GpuProbe probe = g.probe();
                yield probe.available() ? "devices: " + probe.devices() : "unavailable: " + probe.reason();
            }
            default -> "";
        };
    }
}
