package syna.nativeabi.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import syna.api.ErrorCode;
import syna.api.ValueType;
import syna.tensor.DType;

/**
 * Writes {@code synadb.h}, the C forwarding code {@code synadb_calls.c} and the Python package's ctypes
 * prototypes {@code _abi.py} from {@link Spec}, the error codes
 * from {@link ErrorCode}, the value types from {@link ValueType} and the tensor dtypes from
 * {@link syna.tensor.DType}. Run by the build (process-classes); the files are never edited by hand.
 * Stateless; thread-safe.
 */
public final class HeaderGenerator {
    private HeaderGenerator() {}

    /**
     * Writes the files.
     *
     * @param args the header path, the C file path, the Python file path and the version string
     * @throws IOException when a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: HeaderGenerator HEADER.h CALLS.c ABI.py VERSION");
        }
        Spec spec = Spec.load();
        write(Path.of(args[0]), header(spec, args[3]));
        write(Path.of(args[1]), calls(spec));
        write(Path.of(args[2]), python(spec, args[3]));
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        // Unchanged content keeps the file's time, so the C build does not redo its work.
        if (Files.exists(file) && Files.readString(file).equals(text)) {
            return;
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** The text of {@code synadb.h}. */
    public static String header(Spec spec, String version) {
        StringBuilder b = new StringBuilder();
        b.append("/* synadb.h: the C ABI of Syna. Generated from synadb.spec by ")
                .append(HeaderGenerator.class.getName()).append("; do not edit. */\n");
        b.append("#ifndef SYNADB_H\n#define SYNADB_H\n\n#include <stddef.h>\n#include <stdint.h>\n\n");
        b.append("#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n");
        b.append("#ifndef SYNA_API\n#define SYNA_API __attribute__((visibility(\"default\")))\n#endif\n\n");
        b.append("#define SYNADB_VERSION \"").append(version).append("\"\n\n");
        b.append("/** Status codes, the values of syna.api.ErrorCode: SYNA_SUCCESS or a failure. */\n");
        b.append("typedef enum syna_status {\n");
        for (ErrorCode c : ErrorCode.values()) {
            b.append("    SYNA_").append(c.name()).append(" = ").append(c.code()).append(",\n");
        }
        b.append("} syna_status;\n\n");
        b.append("/** Value types of SYNA_get_type, the tags of syna.api.ValueType. */\n");
        b.append("typedef enum syna_type {\n");
        for (ValueType t : ValueType.values()) {
            b.append("    SYNA_TYPE_").append(t.name()).append(" = ").append(t.tag()).append(",\n");
        }
        b.append("} syna_type;\n\n");
        b.append("/** Tensor element types of SYNA_tensor_get, the tags of syna.tensor.DType. */\n");
        b.append("typedef enum syna_dtype {\n");
        for (DType d : DType.values()) {
            b.append("    SYNA_DTYPE_").append(d.name()).append(" = ").append(d.tag()).append(",\n");
        }
        b.append("} syna_dtype;\n\n");
        for (Spec.Group g : spec.groups()) {
            b.append("/* ---- ").append(g.title()).append(" ").append("-".repeat(Math.max(4, 90 - g.title().length())))
                    .append(" */\n\n");
            for (Spec.Function f : g.functions()) {
                if (!f.doc().isEmpty()) {
                    b.append("/**\n");
                    for (String d : f.doc()) {
                        b.append(" * ").append(d).append('\n');
                    }
                    b.append(" */\n");
                }
                b.append("SYNA_API ").append(f.declaration()).append(";\n\n");
            }
        }
        b.append("#ifdef __cplusplus\n}\n#endif\n\n#endif /* SYNADB_H */\n");
        return b.toString();
    }

    /** The text of {@code synadb_calls.c}: each forwarded function calls its slot of the upcall table. */
    public static String calls(Spec spec) {
        StringBuilder b = new StringBuilder();
        b.append("/* synadb_calls.c: generated from synadb.spec by ").append(HeaderGenerator.class.getName())
                .append("; do not edit. */\n");
        b.append("#include \"synadb.h\"\n#include \"synadb_internal.h\"\n\n");
        List<Spec.Function> java = spec.javaFunctions();
        b.append("const int syna_call_count = ").append(java.size()).append(";\n\n");
        b.append("const char* const syna_call_names[] = {\n");
        for (Spec.Function f : java) {
            b.append("    \"").append(f.name()).append("\",\n");
        }
        b.append("};\n\n");
        for (int i = 0; i < java.size(); i++) {
            Spec.Function f = java.get(i);
            StringBuilder types = new StringBuilder();
            StringBuilder names = new StringBuilder();
            for (Spec.Param p : f.params()) {
                types.append(types.isEmpty() ? "" : ", ").append(p.type());
                names.append(names.isEmpty() ? "" : ", ").append(p.name());
            }
            b.append("SYNA_API ").append(f.declaration()).append(" {\n");
            b.append("    void* fn = syna_call(").append(i).append(");\n");
            b.append("    if (fn == NULL) {\n        return SYNA_INTERNAL;\n    }\n");
            b.append("    return ((").append(f.returnType()).append(" (*)(")
                    .append(types.isEmpty() ? "void" : types).append(")) fn)(").append(names).append(");\n");
            b.append("}\n\n");
        }
        return b.toString();
    }

    /** The text of {@code synadb/_abi.py}: ctypes prototypes and the constants of the header. */
    public static String python(Spec spec, String version) {
        StringBuilder b = new StringBuilder();
        b.append("\"\"\"ctypes prototypes of libsynadb. Generated from synadb.spec by ")
                .append(HeaderGenerator.class.getName()).append("; do not edit.\"\"\"\n\n");
        b.append("import ctypes\n\nVERSION = \"").append(version).append("\"\n\n");
        b.append("# Status codes (syna.api.ErrorCode)\nCODES = {\n");
        for (ErrorCode c : ErrorCode.values()) {
            b.append("    ").append(c.code()).append(": \"").append(c.name()).append("\",\n");
        }
        b.append("}\n");
        for (ErrorCode c : ErrorCode.values()) {
            b.append(c.name()).append(" = ").append(c.code()).append('\n');
        }
        b.append("\n# Value types (syna.api.ValueType)\n");
        for (ValueType t : ValueType.values()) {
            b.append("TYPE_").append(t.name()).append(" = ").append(t.tag()).append('\n');
        }
        b.append("\n# Tensor dtypes (syna.tensor.DType): tag -> (name, numpy dtype or None)\nDTYPES = {\n");
        for (DType d : DType.values()) {
            b.append("    ").append(d.tag()).append(": (\"").append(d.name()).append("\", ")
                    .append(d.numpyDescr().map(n -> "\"" + n + "\"").orElse("None")).append("),\n");
        }
        b.append("}\n\n");
        b.append("# name -> (restype, argtypes)\nFUNCTIONS = {\n");
        for (Spec.Function f : spec.functions()) {
            b.append("    \"").append(f.name()).append("\": (").append(ctype(f.returnType(), true)).append(", [");
            for (int i = 0; i < f.params().size(); i++) {
                b.append(i == 0 ? "" : ", ").append(ctype(f.params().get(i).type(), false));
            }
            b.append("]),\n");
        }
        b.append("}\n\n\ndef declare(lib):\n    \"\"\"Sets restype and argtypes of every function on the loaded CDLL.\"\"\"\n");
        b.append("    for name, (restype, argtypes) in FUNCTIONS.items():\n");
        b.append("        fn = getattr(lib, name)\n        fn.restype = restype\n        fn.argtypes = argtypes\n");
        return b.toString();
    }

    private static String ctype(String type, boolean result) {
        if (type.equals("const char*")) {
            return "ctypes.c_char_p";
        }
        if (type.endsWith("*")) {
            return "ctypes.c_void_p";
        }
        return switch (type) {
            case "void" -> "None";
            case "int32_t" -> "ctypes.c_int32";
            case "uint32_t" -> "ctypes.c_uint32";
            case "int64_t" -> "ctypes.c_int64";
            case "uint64_t" -> "ctypes.c_uint64";
            case "size_t" -> "ctypes.c_size_t";
            case "double" -> "ctypes.c_double";
            case "float" -> "ctypes.c_float";
            default -> throw new IllegalArgumentException("no ctypes type for '" + type + "'" + (result ? " (result)" : ""));
        };
    }
}
