package io.minetwin.model;

import io.minetwin.testkit.TwinFixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetTest {

    @Test
    void childrenAreFoundThroughTheirParentLink() {
        Fleet fleet = TwinFixtures.fleet();
        assertEquals(List.of(TwinFixtures.hoistInverter()), fleet.children(TwinFixtures.SHOVEL));
        assertEquals(List.of(TwinFixtures.shovel()), fleet.ofType("electric-shovel"));
    }

    @Test
    void parentOutsideTheFleetIsRejected() {
        var inverter = TwinFixtures.hoistInverter();
        var e = assertThrows(SpecException.class, () -> new Fleet("baiyun", "",
                Map.of("drive-inverter", inverter.type()), Map.of(inverter.id(), inverter)));
        assertTrue(e.getMessage().contains("names parent baiyun:shovel-01, which is not in the fleet"), e.getMessage());
    }

    @Test
    void hostComponentMustExistInTheParentsType() {
        var shovel = TwinFixtures.shovel();
        var inverter = TwinFixtures.hoistInverter();
        var wrong = new TwinDefinition(inverter.id(), inverter.type(), inverter.attributes()
                .withParent(new ParentLink(shovel.id(), "crowd-motor", "")));
        var e = assertThrows(SpecException.class, () -> new Fleet("baiyun", "",
                Map.of("drive-inverter", inverter.type(), "electric-shovel", shovel.type()),
                Map.of(shovel.id(), shovel, wrong.id(), wrong)));
        assertTrue(e.getMessage().contains("known components: hoist-motor, hoist-brake, machine"), e.getMessage());
    }

    @Test
    void parentCycleIsRejected() {
        var type = TwinFixtures.inverterType();
        var a = TwinId.parse("baiyun:a");
        var b = TwinId.parse("baiyun:b");
        var da = new TwinDefinition(a, type, TwinAttributes.NONE.withParent(new ParentLink(b, "igbt", "")));
        var db = new TwinDefinition(b, type, TwinAttributes.NONE.withParent(new ParentLink(a, "igbt", "")));
        var e = assertThrows(SpecException.class, () -> new Fleet("baiyun", "", Map.of("drive-inverter", type),
                Map.of(a, da, b, db)));
        assertTrue(e.getMessage().contains("break the cycle"), e.getMessage());
    }

    @Test
    void supplierOfAnUnknownComponentIsRejected() {
        var e = assertThrows(SpecException.class, () -> new TwinDefinition(TwinFixtures.SHOVEL,
                TwinFixtures.shovelType(), TwinAttributes.NONE.withSuppliers(Map.of("dipper", "Acme"))));
        assertEquals("suppliers.dipper", e.field());
    }
}
