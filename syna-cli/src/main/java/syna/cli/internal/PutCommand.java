package syna.cli.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;
import syna.api.Atom;
import syna.api.Database;

/** {@code syna put}: writes one typed value. Not thread-safe; one per execution. */
@Command(name = "put", description = {
    "Write a typed VALUE as the latest value of KEY.",
    "Creates the database when missing. Types: float (float64), int (int64), text, bytes "
        + "(base64; hex as hex:0a0b or 0x0a0b), vector (comma-separated float32 components, e.g. "
        + "0.1,0.2,0.3)."})
final class PutCommand extends DatabaseCommand {
    /** The types {@code put} accepts. */
    enum PutType {
        FLOAT, INT, TEXT, BYTES, VECTOR
    }

    /** Accepts the short names and the stored type names ({@code float64}, {@code int64}). */
    static final class TypeConverter implements ITypeConverter<PutType> {
        @Override
        public PutType convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "float", "float64", "double" -> PutType.FLOAT;
                case "int", "int64", "long" -> PutType.INT;
                case "text", "string" -> PutType.TEXT;
                case "bytes" -> PutType.BYTES;
                case "vector" -> PutType.VECTOR;
                default -> throw new TypeConversionException(
                        "unknown type '" + value + "': use float, int, text, bytes or vector");
            };
        }
    }

    /** Longest value echoed in full after a put. */
    private static final int ECHO_LIMIT = 80;

    @Parameters(paramLabel = "[DB] KEY VALUE", hideParamSyntax = true, description = "Database directory, key and value.")
    List<String> args = new ArrayList<>();

    @Option(names = {"-t", "--type"}, required = true, paramLabel = "TYPE", converter = TypeConverter.class,
            description = "float, int, text, bytes or vector.")
    PutType type;

    @Override
    public Integer call() {
        List<String> ops = operands(args, "KEY", "VALUE");
        String key = ops.get(0);
        String text = ops.get(1);
        String what = "value for key '" + key + "'";
        Atom value = switch (type) {
            case FLOAT -> Atom.of(Values.parseDouble(text, what));
            case INT -> Atom.of(Values.parseLong(text, what));
            case TEXT -> Atom.of(text);
            case BYTES -> Atom.of(Values.parseBytes(text, what));
            case VECTOR -> Atom.of(Values.parseVector(text, what));
        };
        try (Database db = openForWriting(true)) {
            db.put(key, value);
        }
        String shown = Values.format(value, false);
        if (shown.length() > ECHO_LIMIT) {
            shown = shown.substring(0, ECHO_LIMIT) + "… (" + shown.length() + " characters)";
        }
        out().println("put " + key + " = " + Values.typeName(value) + " " + shown);
        return ExitCodes.OK;
    }
}
