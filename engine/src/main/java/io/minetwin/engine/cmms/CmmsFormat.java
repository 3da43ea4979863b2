package io.minetwin.engine.cmms;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The export shapes minetwin reads and writes: which column holds which field, how dates are written, and
 * the columns of a work-order request.
 */
public enum CmmsFormat {

    /**
     * SAP PM order lists (e.g. IW38/IW39 exported to a spreadsheet, with the notification's item codes):
     * dates as {@code dd.MM.yyyy} with the time of day in its own column.
     */
    SAP_PM("sap-pm", "dd.MM.yyyy", "HH:mm:ss",
            Map.ofEntries(Map.entry(Field.ORDER, "Order"), Map.entry(Field.NOTIFICATION, "Notification"),
                    Map.entry(Field.ORDER_TYPE, "Order Type"), Map.entry(Field.LOCATION, "Functional Location"),
                    Map.entry(Field.ALTERNATE_LOCATION, "Equipment"), Map.entry(Field.OBJECT_PART, "Object Part"),
                    Map.entry(Field.DAMAGE_CODE, "Damage Code"), Map.entry(Field.CAUSE_CODE, "Cause Code"),
                    Map.entry(Field.START_DATE, "Basic Start Date"), Map.entry(Field.START_TIME, "Basic Start Time"),
                    Map.entry(Field.FINISH_DATE, "Actual Finish Date"),
                    Map.entry(Field.FINISH_TIME, "Actual Finish Time"),
                    Map.entry(Field.DESCRIPTION, "Description"), Map.entry(Field.STATUS, "System Status")),
            List.of("Notification Type", "Functional Location", "Equipment", "Object Part", "Damage Code",
                    "Priority", "Description", "Required Start", "Required End", "External Reference", "Long Text")),

    /**
     * Maximo work orders (WORKORDER attributes with the failure report's codes, as a list or integration
     * export writes them): date and time in one column, ISO-like by default.
     */
    MAXIMO("maximo", "yyyy-MM-dd'T'HH:mm[:ss][XXX]", null,
            Map.ofEntries(Map.entry(Field.ORDER, "WONUM"), Map.entry(Field.ORDER_TYPE, "WORKTYPE"),
                    Map.entry(Field.LOCATION, "ASSETNUM"), Map.entry(Field.ALTERNATE_LOCATION, "LOCATION"),
                    Map.entry(Field.DAMAGE_CODE, "PROBLEMCODE"), Map.entry(Field.FAILURE_CODE, "FAILURECODE"),
                    Map.entry(Field.CAUSE_CODE, "CAUSE"), Map.entry(Field.REMEDY, "REMEDY"),
                    Map.entry(Field.START_DATE, "ACTSTART"), Map.entry(Field.FINISH_DATE, "ACTFINISH"),
                    Map.entry(Field.DESCRIPTION, "DESCRIPTION"), Map.entry(Field.STATUS, "STATUS")),
            List.of("SITEID", "ASSETNUM", "LOCATION", "WORKTYPE", "STATUS", "WOPRIORITY", "DESCRIPTION",
                    "DESCRIPTION_LONGDESCRIPTION", "PROBLEMCODE", "TARGSTARTDATE", "TARGCOMPDATE", "EXTERNALREFID"));

    /**
     * What minetwin reads from an export row; {@link #key()} is the name under {@code columns:} in a mapping
     * file.
     */
    public enum Field {
        /** The order (work order) number: a re-imported order is stored once. Required. */
        ORDER("order", true),
        /** The notification number (SAP PM). */
        NOTIFICATION("notification", false),
        /** Order type (SAP PM) or work type (Maximo), mapped to an action. Required. */
        ORDER_TYPE("order-type", true),
        /** Functional location (SAP PM) or asset number (Maximo), mapped to a twin and component. Required. */
        LOCATION("location", true),
        /** Used when {@link #LOCATION} is empty: equipment (SAP PM) or location (Maximo). */
        ALTERNATE_LOCATION("alternate-location", false),
        /** Object part code (SAP PM), mapped to a component when the asset entry names none. */
        OBJECT_PART("object-part", false),
        /** Damage code (SAP PM) or problem code (Maximo), mapped to a failure mode. */
        DAMAGE_CODE("damage-code", false),
        /** Maximo's failure class, mapped to a failure mode when the problem code is empty. */
        FAILURE_CODE("failure-code", false),
        /** Cause code, kept with the record. */
        CAUSE_CODE("cause-code", false),
        /** Remedy, kept with the record. */
        REMEDY("remedy", false),
        /** When the work started: the record's time. Required. */
        START_DATE("start-date", true),
        /** The start's time of day, where the export writes it in its own column (SAP PM). */
        START_TIME("start-time", false),
        /** When the work finished, kept with the record. */
        FINISH_DATE("finish-date", false),
        /** The finish's time of day, where the export writes it in its own column. */
        FINISH_TIME("finish-time", false),
        /** The order's text: the record's notes. */
        DESCRIPTION("description", false),
        /** The order's status; rows with a status listed under {@code skip-status} are skipped. */
        STATUS("status", false);

        private final String key;
        private final boolean required;

        Field(String key, boolean required) {
            this.key = key;
            this.required = required;
        }

        public String key() {
            return key;
        }

        public boolean required() {
            return required;
        }

        public static List<String> keys() {
            return Arrays.stream(values()).map(Field::key).toList();
        }
    }

    private final String id;
    private final String datePattern;
    private final String timePattern;
    private final Map<Field, String> columns;
    private final List<String> requestColumns;

    CmmsFormat(String id, String datePattern, String timePattern, Map<Field, String> columns,
               List<String> requestColumns) {
        this.id = id;
        this.datePattern = datePattern;
        this.timePattern = timePattern;
        this.columns = new EnumMap<>(columns);
        this.requestColumns = requestColumns;
    }

    /** The name used in mapping files and options: {@code sap-pm} or {@code maximo}. */
    public String id() {
        return id;
    }

    /** How the export writes dates (with the time of day when it has no time column). */
    public String datePattern() {
        return datePattern;
    }

    /** How the export writes the time of day in its own column, or {@code null} when it has none. */
    public String timePattern() {
        return timePattern;
    }

    /** The export's default heading of each field it carries. */
    public Map<Field, String> columns() {
        return Map.copyOf(columns);
    }

    /** The columns of a work-order request, in order. */
    public List<String> requestColumns() {
        return requestColumns;
    }

    /**
     * The format named {@code id}.
     *
     * @throws IllegalArgumentException naming the formats there are
     */
    public static CmmsFormat parse(String id) {
        for (CmmsFormat f : values()) {
            if (f.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("format '" + id + "' is not one of sap-pm, maximo");
    }
}
