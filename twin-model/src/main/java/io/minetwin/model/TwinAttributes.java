package io.minetwin.model;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What is known about a twin's physical asset, apart from its live state.
 *
 * @param model        the equipment model, e.g. {@code 4100XPC}; empty if unknown
 * @param site         where it works, e.g. {@code Baiyun iron mine}; empty if unknown
 * @param serial       the manufacturer's serial number; empty if unknown
 * @param commissioned the day it entered service
 * @param suppliers    supplier per component name, e.g. {@code igbt -> "Infineon"}; sorted by component
 * @param parent       where it is installed, for equipment mounted in other equipment
 * @param area         the area of the site it works in, e.g. a pit ({@code North pit}); empty if none
 */
public record TwinAttributes(String model, String site, String serial, Optional<LocalDate> commissioned,
                             Map<String, String> suppliers, Optional<ParentLink> parent, String area) {

    public static final TwinAttributes NONE =
            new TwinAttributes("", "", "", Optional.empty(), Map.of(), Optional.empty());

    /** Attributes without an area. */
    public TwinAttributes(String model, String site, String serial, Optional<LocalDate> commissioned,
                          Map<String, String> suppliers, Optional<ParentLink> parent) {
        this(model, site, serial, commissioned, suppliers, parent, "");
    }

    public TwinAttributes {
        model = model == null ? "" : model;
        area = area == null ? "" : area;
        site = site == null ? "" : site;
        serial = serial == null ? "" : serial;
        Objects.requireNonNull(commissioned, "commissioned");
        Objects.requireNonNull(parent, "parent");
        suppliers = suppliers == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(suppliers));
        suppliers.forEach((component, supplier) -> {
            SeriesKey.requireIdentifier("supplier component", component);
            if (supplier == null || supplier.isBlank()) {
                throw new SpecException("suppliers." + component, "supplier of component '" + component
                        + "' is empty; name the supplier or leave the component out");
            }
        });
    }

    public TwinAttributes withParent(ParentLink link) {
        return new TwinAttributes(model, site, serial, commissioned, suppliers, Optional.of(link), area);
    }

    public TwinAttributes withSuppliers(Map<String, String> s) {
        return new TwinAttributes(model, site, serial, commissioned, s, parent, area);
    }
}
