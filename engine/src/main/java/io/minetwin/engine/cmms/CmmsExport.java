package io.minetwin.engine.cmms;

import io.minetwin.model.TwinId;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes flagged components as work-order requests in a CMMS's shape (SAP PM notification requests or
 * Maximo work orders waiting approval), with the {@link CmmsMapping} in reverse: twin and component to
 * functional location (and object part) or asset number, failure mode to code.
 */
public final class CmmsExport {

    /** SAP PM short texts hold 40 characters. */
    static final int SAP_SHORT_TEXT = 40;
    /** Maximo descriptions hold 100 characters. */
    static final int MAXIMO_DESCRIPTION = 100;

    /**
     * One work-order request.
     *
     * @param externalId  minetwin's reference (the alert id, else twin, component and forecast time)
     * @param twin        the twin
     * @param component   the flagged component
     * @param priority    1 (critical) to 4
     * @param title       what to do, e.g. "Inspect hoist-motor on shovel-01: 62% failure probability within 7d"
     * @param start       from when the work is wanted (the forecast's time)
     * @param requiredBy  when it must be done by
     * @param mode        the expected failure mode, or {@code null}
     * @param evidence    the signals behind the request
     */
    public record Request(String externalId, TwinId twin, String component, int priority, String title,
                          Instant start, Instant requiredBy, String mode, List<String> evidence) {
        public Request {
            evidence = List.copyOf(evidence);
        }
    }

    /**
     * The requests written.
     *
     * @param csv      the CSV, header first, CRLF line ends
     * @param rows     requests written
     * @param unmapped {@code twin.component} of requests left out because no mapping entry reads back to them
     */
    public record Result(String csv, int rows, List<String> unmapped) {
        public Result {
            unmapped = List.copyOf(unmapped);
        }
    }

    private final CmmsMapping mapping;
    private final DateTimeFormatter dates;

    public CmmsExport(CmmsMapping mapping) {
        this.mapping = mapping;
        this.dates = DateTimeFormatter.ofPattern(mapping.datePattern(), Locale.US).withZone(mapping.zone());
    }

    /** The requests as CSV in the mapping's shape. */
    public Result write(List<Request> requests) {
        List<String> columns = mapping.format().requestColumns();
        StringBuilder out = new StringBuilder(String.join(",", columns)).append("\r\n");
        List<String> unmapped = new ArrayList<>();
        int rows = 0;
        for (Request r : requests) {
            var place = mapping.identifier(r.twin(), r.component());
            if (place.isEmpty()) {
                unmapped.add(r.twin() + "." + r.component());
                continue;
            }
            Map<String, String> row = row(r, place.get());
            List<String> cells = new ArrayList<>();
            for (String c : columns) {
                cells.add(csv(row.getOrDefault(c, "")));
            }
            out.append(String.join(",", cells)).append("\r\n");
            rows++;
        }
        return new Result(out.toString(), rows, unmapped);
    }

    private Map<String, String> row(Request r, CmmsMapping.Reverse place) {
        String code = r.mode() == null ? "" : mapping.code(r.mode()).orElse("");
        String longText = r.title() + (r.evidence().isEmpty() ? "" : ". Evidence: " + String.join("; ", r.evidence()));
        Map<String, String> row = new LinkedHashMap<>();
        switch (mapping.format()) {
            case SAP_PM -> {
                row.put("Notification Type", mapping.requestType());
                row.put("Functional Location", place.identifier());
                row.put("Object Part", place.objectPart() == null ? "" : place.objectPart());
                row.put("Damage Code", code);
                row.put("Priority", String.valueOf(r.priority()));
                row.put("Description", shorten(r.title(), SAP_SHORT_TEXT));
                row.put("Required Start", dates.format(r.start()));
                row.put("Required End", dates.format(r.requiredBy()));
                row.put("External Reference", r.externalId());
                row.put("Long Text", longText);
            }
            case MAXIMO -> {
                row.put("SITEID", mapping.siteId() == null ? "" : mapping.siteId());
                row.put("ASSETNUM", place.identifier());
                row.put("WORKTYPE", mapping.requestType());
                row.put("STATUS", "WAPPR");
                row.put("WOPRIORITY", String.valueOf(r.priority()));
                row.put("DESCRIPTION", shorten(r.title(), MAXIMO_DESCRIPTION));
                row.put("DESCRIPTION_LONGDESCRIPTION", longText);
                row.put("PROBLEMCODE", code);
                row.put("TARGSTARTDATE", dates.format(r.start()));
                row.put("TARGCOMPDATE", dates.format(r.requiredBy()));
                row.put("EXTERNALREFID", r.externalId());
            }
        }
        return row;
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** A CSV cell: quoted when needed, and kept from being run as a spreadsheet formula. */
    static String csv(String s) {
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("-?\\d+(\\.\\d+)?(E-?\\d+)?")) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
