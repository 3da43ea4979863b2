package io.minetwin.connectors.sparkplug;

import io.minetwin.connectors.opcua.Units;
import io.minetwin.connectors.sparkplug.proto.SparkplugBProto.Payload;
import io.minetwin.model.Quality;
import io.minetwin.model.Value;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a Sparkplug metric's value, unit and quality as minetwin needs them.
 *
 * <p>Integers are decoded by their datatype: {@code Int8}..{@code Int32} are two's complement in
 * {@code int_value}, {@code UInt8}..{@code UInt32} unsigned in it, {@code Int64} two's complement in
 * {@code long_value}, {@code UInt64} unsigned in it. The engineering unit is the metric property
 * {@code engUnit} (also {@code engUnits}, {@code unit}, {@code units}); the quality is the property
 * {@code Quality} with OPC DA codes (192 good, 64..127 uncertain, 0..63 bad) and 500 for stale.
 */
final class Metrics {

    static final int INT8 = 1;
    static final int INT16 = 2;
    static final int INT32 = 3;
    static final int INT64 = 4;
    static final int UINT8 = 5;
    static final int UINT16 = 6;
    static final int UINT32 = 7;
    static final int UINT64 = 8;
    static final int FLOAT = 9;
    static final int DOUBLE = 10;
    static final int BOOLEAN = 11;
    static final int STRING = 12;
    static final int DATETIME = 13;
    static final int TEXT = 14;
    static final int UUID = 15;

    /** Sparkplug's quality code of a stale value. */
    static final int QUALITY_STALE = 500;

    private Metrics() {
    }

    /** A decoded value with its quality. */
    record Reading(Value value, Quality quality) {
    }

    /**
     * The reading of {@code m}, numbers converted by {@code conversion}; a metric that is null, of a datatype
     * minetwin does not take, or with a bad {@code Quality} property is a bad reading (NaN where no value came).
     *
     * @param datatype the datatype its birth declared, used when the metric itself carries none
     */
    static Reading read(Payload.Metric m, int datatype, Units.Conversion conversion) {
        int type = m.hasDatatype() && m.getDatatype() != 0 ? m.getDatatype() : datatype;
        Optional<Quality> q = quality(m);
        if (m.getIsNull() || m.getValueCase() == Payload.Metric.ValueCase.VALUE_NOT_SET) {
            return new Reading(Value.of(Double.NaN), Quality.bad("Sparkplug metric value is null"
                    + q.filter(x -> !(x instanceof Quality.Good)).map(x -> " (" + reason(x) + ")").orElse("")));
        }
        Value v = switch (m.getValueCase()) {
            case INT_VALUE -> Value.of(conversion.apply(intValue(m.getIntValue(), type)));
            case LONG_VALUE -> Value.of(conversion.apply(longValue(m.getLongValue(), type)));
            case FLOAT_VALUE -> Value.of(conversion.apply(m.getFloatValue()));
            case DOUBLE_VALUE -> Value.of(conversion.apply(m.getDoubleValue()));
            case BOOLEAN_VALUE -> Value.of(m.getBooleanValue());
            case STRING_VALUE -> Value.of(m.getStringValue());
            default -> null;
        };
        if (v == null) {
            return new Reading(Value.of(Double.NaN), Quality.bad("Sparkplug " + typeName(type) + " values ("
                    + m.getValueCase().name().toLowerCase(Locale.ROOT) + ") are not supported; map a scalar metric"));
        }
        return new Reading(v, q.orElse(Quality.GOOD));
    }

    private static double intValue(int raw, int type) {
        return switch (type) {
            case INT8 -> (byte) raw;
            case INT16 -> (short) raw;
            case UINT8, UINT16, UINT32 -> Integer.toUnsignedLong(raw);
            default -> raw;
        };
    }

    private static double longValue(long raw, int type) {
        if (type == UINT64 && raw < 0) {
            return Double.parseDouble(Long.toUnsignedString(raw));
        }
        return raw;
    }

    /** The metric's engineering unit from its properties, if it carries one. */
    static Optional<String> unit(Payload.Metric m) {
        return property(m, "engunit", "engunits", "unit", "units").filter(p -> p.hasStringValue())
                .map(Payload.PropertyValue::getStringValue).map(String::trim).filter(s -> !s.isEmpty());
    }

    /** The metric's quality from its {@code Quality} property, if it carries one. */
    static Optional<Quality> quality(Payload.Metric m) {
        Optional<Payload.PropertyValue> p = property(m, "quality");
        if (p.isEmpty()) {
            return Optional.empty();
        }
        long code;
        if (p.get().hasIntValue()) {
            code = p.get().getIntValue();
        } else if (p.get().hasLongValue()) {
            code = p.get().getLongValue();
        } else {
            return Optional.empty();
        }
        if (code == QUALITY_STALE) {
            return Optional.of(Quality.bad("Sparkplug quality " + code + " (stale)"));
        }
        if ((code & 0xC0) == 0xC0) {
            return Optional.of(Quality.GOOD);
        }
        if ((code & 0xC0) == 0x40) {
            return Optional.of(Quality.uncertain("Sparkplug quality " + code + " (uncertain)"));
        }
        return Optional.of(Quality.bad("Sparkplug quality " + code + " (bad)"));
    }

    private static Optional<Payload.PropertyValue> property(Payload.Metric m, String... keys) {
        if (!m.hasProperties()) {
            return Optional.empty();
        }
        Payload.PropertySet ps = m.getProperties();
        for (int i = 0; i < ps.getKeysCount() && i < ps.getValuesCount(); i++) {
            String k = ps.getKeys(i).toLowerCase(Locale.ROOT);
            for (String key : keys) {
                if (k.equals(key) && !ps.getValues(i).getIsNull()) {
                    return Optional.of(ps.getValues(i));
                }
            }
        }
        return Optional.empty();
    }

    private static String reason(Quality q) {
        return q instanceof Quality.Bad b ? b.reason() : q instanceof Quality.Uncertain u ? u.reason() : "good";
    }

    /** The specification's name of a datatype, for messages. */
    static String typeName(int type) {
        String[] names = {"Unknown", "Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64", "Float",
            "Double", "Boolean", "String", "DateTime", "Text", "UUID", "DataSet", "Bytes", "File", "Template",
            "PropertySet", "PropertySetList"};
        return type >= 0 && type < names.length ? names[type] : "array or extension type " + type;
    }
}
