package syna.nativeabi.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parsed C ABI specification {@code synadb.spec}: the one source from which the header, the C forwarding
 * code and the Java bindings are derived. Immutable; thread-safe.
 *
 * @param groups the groups in file order
 */
public record Spec(List<Group> groups) {
    /** The resource holding the specification, beside this class. */
    public static final String RESOURCE = "synadb.spec";

    private static final Pattern DECL = Pattern.compile("^(.+?)\\b(SYNA_[a-z0-9_]+)\\s*\\((.*)\\)\\s*;\\s*$");

    /** Copies the list. */
    public Spec {
        groups = List.copyOf(groups);
    }

    /**
     * A group of functions.
     *
     * @param title the title
     * @param functions its functions, in order
     */
    public record Group(String title, List<Function> functions) {
        /** Copies the list. */
        public Group {
            functions = List.copyOf(functions);
        }
    }

    /**
     * One C function.
     *
     * @param returnType the C return type, e.g. {@code int32_t}
     * @param name the C name, {@code SYNA_...}
     * @param params the parameters (none for {@code (void)})
     * @param doc the documentation lines
     * @param javaClass the simple name of the class in {@code syna.nativeabi.internal} implementing it; empty when
     *     written in C
     */
    public record Function(
            String returnType, String name, List<Param> params, List<String> doc, Optional<String> javaClass) {
        /** Copies the lists. */
        public Function {
            params = List.copyOf(params);
            doc = List.copyOf(doc);
        }

        /** The Java method name: the C name without {@code SYNA_}, in camelCase. */
        public String javaName() {
            String[] parts = name.substring("SYNA_".length()).split("_");
            StringBuilder b = new StringBuilder(parts[0]);
            for (int i = 1; i < parts.length; i++) {
                b.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
            }
            return b.toString();
        }

        /** The C declaration without the trailing semicolon. */
        public String declaration() {
            StringBuilder b = new StringBuilder(returnType).append(returnType.endsWith("*") ? "" : " ").append(name)
                    .append('(');
            if (params.isEmpty()) {
                b.append("void");
            }
            for (int i = 0; i < params.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(params.get(i).declaration());
            }
            return b.append(')').toString();
        }

        /** The FFM descriptor of the upcall (forwarded functions return {@code int32_t}). */
        public FunctionDescriptor descriptor() {
            MemoryLayout[] args = params.stream().map(p -> layout(p.type())).toArray(MemoryLayout[]::new);
            return FunctionDescriptor.of(layout(returnType), args);
        }

        /** The Java method type of the implementing static method. */
        public MethodType methodType() {
            return descriptor().toMethodType();
        }
    }

    /**
     * A parameter.
     *
     * @param type the C type, e.g. {@code const char*}
     * @param name the name
     */
    public record Param(String type, String name) {
        /** The declaration, {@code type name}. */
        public String declaration() {
            return type + (type.endsWith("*") ? "" : " ") + name;
        }
    }

    /** The functions forwarded to Java, in the order of the upcall table. */
    public List<Function> javaFunctions() {
        return groups.stream().flatMap(g -> g.functions().stream()).filter(f -> f.javaClass().isPresent())
                .toList();
    }

    /** All functions, in file order. */
    public List<Function> functions() {
        return groups.stream().flatMap(g -> g.functions().stream()).toList();
    }

    /** Reads the specification shipped with this module. */
    public static Spec load() {
        try (InputStream in = Spec.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing beside " + Spec.class.getName());
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * Parses a specification text.
     *
     * @param text the text of {@code synadb.spec}
     * @return the specification
     * @throws IllegalArgumentException naming the line of a malformed declaration or an unknown type
     */
    public static Spec parse(String text) {
        List<Group> groups = new ArrayList<>();
        String title = null;
        List<Function> functions = new ArrayList<>();
        Optional<String> java = Optional.empty();
        List<String> doc = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.startsWith("@group ")) {
                if (title != null) {
                    groups.add(new Group(title, functions));
                }
                title = line.substring(7).strip();
                functions = new ArrayList<>();
                java = Optional.empty();
            } else if (line.startsWith("@java ")) {
                java = Optional.of(line.substring(6).strip());
            } else if (line.equals("@c")) {
                java = Optional.empty();
            } else if (line.startsWith("///")) {
                doc.add(line.substring(3).strip());
            } else if (line.isEmpty() || line.startsWith("#")) {
                continue;
            } else {
                Matcher m = DECL.matcher(line);
                if (!m.matches() || title == null) {
                    throw new IllegalArgumentException("synadb.spec line " + (n + 1) + ": not a declaration: " + line);
                }
                List<Param> params = new ArrayList<>();
                String list = m.group(3).strip();
                if (!list.equals("void") && !list.isEmpty()) {
                    for (String p : list.split(",")) {
                        String s = p.strip();
                        int cut = Math.max(s.lastIndexOf(' '), s.lastIndexOf('*'));
                        params.add(new Param(s.substring(0, cut + 1).strip(), s.substring(cut + 1).strip()));
                    }
                }
                Function f = new Function(m.group(1).strip(), m.group(2), params, doc, java);
                for (Param p : params) {
                    checkType(p.type(), n + 1);
                }
                checkType(f.returnType(), n + 1);
                if (java.isPresent() && !f.returnType().equals("int32_t")) {
                    throw new IllegalArgumentException("synadb.spec line " + (n + 1) + ": " + f.name()
                            + " is forwarded to Java and must return int32_t, not " + f.returnType());
                }
                functions.add(f);
                doc = new ArrayList<>();
            }
        }
        if (title != null) {
            groups.add(new Group(title, functions));
        }
        return new Spec(groups);
    }

    private static void checkType(String type, int line) {
        if (!type.equals("void")) {
            try {
                layout(type);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("synadb.spec line " + line + ": " + e.getMessage(), e);
            }
        }
    }

    static MemoryLayout layout(String type) {
        if (type.endsWith("*")) {
            return ValueLayout.ADDRESS;
        }
        return switch (type) {
            case "int32_t", "uint32_t" -> ValueLayout.JAVA_INT;
            case "int64_t", "uint64_t", "size_t" -> ValueLayout.JAVA_LONG;
            case "double" -> ValueLayout.JAVA_DOUBLE;
            case "float" -> ValueLayout.JAVA_FLOAT;
            default -> throw new IllegalArgumentException("unsupported C type '" + type + "'");
        };
    }
}
