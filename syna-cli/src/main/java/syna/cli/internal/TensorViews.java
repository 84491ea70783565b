package syna.cli.internal;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import syna.api.Database;
import syna.api.InvalidArgumentException;
import syna.api.KeyNotFoundException;
import syna.tensor.TensorEngine;
import syna.tensor.TensorInfo;

/** What {@code syna tensors} prints; the only CLI class that touches syna.tensor types. Thread-safe (stateless). */
final class TensorViews {
    private TensorViews() {}

    private static TensorEngine engine(Database d) {
        return TensorEngine.open(d);
    }

    static String list(Database d, String glob) {
        TensorEngine e = engine(d);
        List<String> names = glob == null ? e.names() : e.names(glob);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-40s %-5s %-20s %12s  %s%n", "NAME", "DTYPE", "SHAPE", "BYTES", "LAYOUT"));
        for (String n : names) {
            e.info(n).ifPresent(i -> sb.append(String.format(Locale.ROOT, "%-40s %-5s %-20s %12s  %s%n", n,
                    i.dtype().label(), i.shape(), Format.bytes(i.byteSize()), layout(i))));
        }
        sb.append(names.size()).append(names.size() == 1 ? " tensor" : " tensors").append('\n');
        return sb.toString();
    }

    private static String layout(TensorInfo i) {
        return i.chunked() ? i.chunks() + " chunks of " + Format.bytes(i.chunkBytes()) : "inline";
    }

    static String info(Database d, String name) {
        TensorInfo i = engine(d).info(name).orElseThrow(() -> new KeyNotFoundException("no tensor '" + name + "' in "
                + d.path()));
        long[] strides = i.shape().contiguousStrides(i.dtype());
        return "name     " + i.name() + "\n"
                + "dtype    " + i.dtype().label() + " (" + i.dtype().byteSize() + " bytes, numpy "
                + i.dtype().numpyDescr().orElse("none") + ", safetensors " + i.dtype().safetensorsName() + ")\n"
                + "shape    " + i.shape() + " (" + i.shape().elements() + " elements)\n"
                + "strides  " + Arrays.toString(strides) + " bytes, row-major\n"
                + "size     " + Format.bytes(i.byteSize()) + " (" + i.byteSize() + " bytes)\n"
                + "layout   " + layout(i) + ", CRC32C per " + (i.chunked() ? "chunk" : "tensor") + "\n";
    }

    static String export(Database d, String what, Path file, Map<String, String> metadata) {
        TensorEngine e = engine(d);
        String f = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (f.endsWith(".npy")) {
            if (!metadata.isEmpty()) {
                throw new InvalidArgumentException("--metadata goes with .safetensors files, not .npy");
            }
            e.exportNpy(what, file);
            return "exported " + what + " to " + file + "\n";
        }
        if (f.endsWith(".safetensors")) {
            List<String> names = e.names(what);
            if (names.isEmpty()) {
                throw new KeyNotFoundException("no tensor matches '" + what + "' in " + d.path());
            }
            e.exportSafetensors(names, metadata, file);
            return "exported " + names.size() + (names.size() == 1 ? " tensor" : " tensors") + " to " + file + "\n";
        }
        throw new InvalidArgumentException("export FILE must end in .npy or .safetensors, got " + file);
    }

    static String importFile(Database d, Path file, String nameOrPrefix) {
        TensorEngine e = engine(d);
        String f = file.getFileName().toString();
        String lower = f.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".npy")) {
            String name = nameOrPrefix != null ? nameOrPrefix : f.substring(0, f.length() - 4);
            TensorInfo i = e.importNpy(file, name);
            return "imported " + i.name() + " " + i.dtype().label() + " " + i.shape() + "\n";
        }
        if (lower.endsWith(".safetensors")) {
            List<TensorInfo> in = e.importSafetensors(file, nameOrPrefix == null ? "" : nameOrPrefix);
            StringBuilder sb = new StringBuilder();
            for (TensorInfo i : in) {
                sb.append("imported ").append(i.name()).append(' ').append(i.dtype().label()).append(' ')
                        .append(i.shape()).append('\n');
            }
            return sb.append(in.size()).append(in.size() == 1 ? " tensor" : " tensors").append('\n').toString();
        }
        throw new InvalidArgumentException("import FILE must end in .npy or .safetensors, got " + file);
    }
}
