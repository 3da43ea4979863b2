package io.minetwin.engine.api;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a token may do. Roles are flat: an endpoint names every role it admits, so the table in
 * {@link ApiServer} is the whole access policy.
 */
public enum Role {
    /** Reads twins, history, forecasts, alerts and status. */
    VIEWER,
    /** A viewer who also acknowledges alerts, records maintenance and exports work orders. */
    PLANNER,
    /** A viewer who also trains, promotes and rolls back models. */
    ENGINEER,
    /** A control-room system reading twin state. */
    SCADA,
    /** A viewer who also commands the equipment: requests and confirms writes of declared set points. */
    OPERATOR,
    /** Everything. */
    ADMIN;

    /** Roles that read twin state: everyone. */
    public static final Set<Role> READ_TWINS = EnumSet.allOf(Role.class);
    /** Roles that read forecasts, alerts, maintenance, status, models and commands: everyone but SCADA. */
    public static final Set<Role> READ = EnumSet.of(VIEWER, PLANNER, ENGINEER, OPERATOR, ADMIN);
    /** Roles that record maintenance and acknowledge alerts. */
    public static final Set<Role> PLAN = EnumSet.of(PLANNER, ADMIN);
    /** Roles that request and confirm commands to the equipment. */
    public static final Set<Role> COMMAND = EnumSet.of(OPERATOR, ADMIN);
    /** Roles that train and manage models. */
    public static final Set<Role> ENGINEER_ONLY = EnumSet.of(ENGINEER, ADMIN);

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code viewer}, {@code planner}, {@code engineer}, {@code scada}, {@code operator} or {@code admin}. */
    public static Role parse(String text) {
        for (Role r : values()) {
            if (r.id().equals(text)) {
                return r;
            }
        }
        throw new IllegalArgumentException("role '" + text + "' is not one of viewer, planner, engineer, scada, operator, admin");
    }
}
