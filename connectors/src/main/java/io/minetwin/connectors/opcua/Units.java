package io.minetwin.connectors.opcua;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Linear conversions between the units OPC UA servers commonly report in {@code EngineeringUnits} and
 * the units asset types declare, e.g. degF to degC, psi to kPa, bar to kPa.
 *
 * <p>A unit is known by its asset-type spelling ({@code degC}, {@code kPa}), its common display name
 * ({@code °F}, {@code psi}) or its UNECE common code ({@code FAH}, {@code KPA}); the OPC UA
 * {@code EUInformation.unitId} is that code packed into an integer.
 */
public final class Units {

    /** A unit's dimension and its value in the dimension's base unit: {@code base = value * scale + offset}. */
    private record Def(String canonical, String dimension, double scale, double offset) {
    }

    private static final Map<String, Def> UNITS = new java.util.LinkedHashMap<>();
    private static final Map<String, Def> BY_ALIAS = new java.util.HashMap<>();

    static {
        def("degC", "temperature", 1, 0, "°C", "C", "CEL", "celsius", "degree celsius", "deg C");
        def("degF", "temperature", 5.0 / 9.0, -32 * 5.0 / 9.0, "°F", "F", "FAH", "fahrenheit",
                "degree fahrenheit", "deg F");
        def("K", "temperature", 1, -273.15, "KEL", "kelvin");
        def("kPa", "pressure", 1, 0, "KPA", "kilopascal");
        def("Pa", "pressure", 0.001, 0, "PAL", "pascal");
        def("MPa", "pressure", 1000, 0, "MPA", "megapascal");
        def("bar", "pressure", 100, 0, "BAR");
        def("mbar", "pressure", 0.1, 0, "MBR");
        def("psi", "pressure", 6.894757293168361, 0, "PS", "lbf/in2", "lbf/in²");
        def("A", "current", 1, 0, "AMP", "ampere");
        def("kA", "current", 1000, 0, "B22");
        def("V", "voltage", 1, 0, "VLT", "volt");
        def("kV", "voltage", 1000, 0, "KVT");
        def("W", "power", 0.001, 0, "WTT", "watt");
        def("kW", "power", 1, 0, "KWT", "kilowatt");
        def("MW", "power", 1000, 0, "MAW", "megawatt");
        def("hp", "power", 0.745699872, 0, "HP", "BHP");
        def("rpm", "rotational speed", 1, 0, "RPM", "r/min", "1/min");
        def("Hz", "frequency", 1, 0, "HTZ", "hertz");
        def("mm/s", "velocity", 1, 0, "C16");
        def("in/s", "velocity", 25.4, 0, "IU");
        def("km/h", "speed", 1, 0, "KMH");
        def("mph", "speed", 1.609344, 0, "HM");
        def("L/h", "flow", 1, 0, "E32");
        def("L/min", "flow", 60, 0, "L2");
        def("t", "mass", 1, 0, "TNE", "tonne");
        def("kg", "mass", 0.001, 0, "KGM");
        def("%", "ratio", 1, 0, "P1", "percent");
        def("mOhm", "resistance", 1, 0, "E45", "mΩ");
        def("Ohm", "resistance", 1000, 0, "OHM", "Ω");
        def("uF", "capacitance", 1, 0, "4O", "µF", "μF");
        def("s", "time", 1, 0, "SEC");
        def("h", "time", 3600, 0, "HUR");
        def("kWh", "energy", 1, 0, "KWH");
    }

    private Units() {
    }

    private static void def(String canonical, String dimension, double scale, double offset, String... aliases) {
        Def d = new Def(canonical, dimension, scale, offset);
        UNITS.put(canonical, d);
        BY_ALIAS.put(key(canonical), d);
        for (String a : aliases) {
            BY_ALIAS.putIfAbsent(key(a), d);
        }
    }

    private static String key(String unit) {
        return unit.trim().toLowerCase(Locale.ROOT);
    }

    /** The asset-type spelling of {@code unit} ({@code °F} gives {@code degF}), if the unit is known. */
    public static Optional<String> canonical(String unit) {
        if (unit == null) {
            return Optional.empty();
        }
        Def d = BY_ALIAS.get(key(unit));
        return d == null ? Optional.empty() : Optional.of(d.canonical());
    }

    /** The unit whose UNECE common code is packed into {@code unitId}, as OPC UA's EUInformation does. */
    public static Optional<String> fromUneceId(int unitId) {
        if (unitId <= 0) {
            return Optional.empty();
        }
        var sb = new StringBuilder();
        for (int shift = 16; shift >= 0; shift -= 8) {
            int c = (unitId >> shift) & 0xFF;
            if (c != 0) {
                sb.append((char) c);
            }
        }
        return canonical(sb.toString());
    }

    /**
     * The conversion from {@code from} to {@code to}.
     *
     * @throws IllegalArgumentException naming the unit that is unknown or the dimensions that differ
     */
    public static Conversion conversion(String from, String to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (key(from).equals(key(to))) {
            return Conversion.IDENTITY;
        }
        Def f = BY_ALIAS.get(key(from));
        Def t = BY_ALIAS.get(key(to));
        if (f == null || t == null) {
            String unknown = f == null ? from : to;
            throw new IllegalArgumentException("unit '" + unknown + "' is not known, so it cannot be converted"
                    + " (known units: " + String.join(", ", new java.util.TreeSet<>(UNITS.keySet()))
                    + "); declare the node's unit with one of them, or map the node to a channel of the same unit");
        }
        if (!f.dimension().equals(t.dimension())) {
            throw new IllegalArgumentException("unit '" + from + "' (" + f.dimension() + ") cannot be converted to '"
                    + to + "' (" + t.dimension() + "); map the node to a " + f.dimension() + " channel");
        }
        if (f == t) {
            return Conversion.IDENTITY;
        }
        // value_to = (value_from * fs + fo - to) / ts
        double scale = f.scale() / t.scale();
        double offset = (f.offset() - t.offset()) / t.scale();
        return new Conversion(f.canonical(), t.canonical(), scale, offset);
    }

    /** {@code to = from * scale + offset}. */
    public record Conversion(String from, String to, double scale, double offset) {
        public static final Conversion IDENTITY = new Conversion("", "", 1, 0);

        public boolean isIdentity() {
            return scale == 1 && offset == 0;
        }

        public double apply(double value) {
            return value * scale + offset;
        }

        @Override
        public String toString() {
            return isIdentity() ? "none" : from + " -> " + to;
        }
    }
}
