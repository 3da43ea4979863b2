// An independent OPC UA server (node-opcua) for NodeOpcuaIT, laid out unlike minetwin's simulator:
//   Objects/Site/Haul/truck-02/coolant-temp   AnalogItem in degree Fahrenheit (EngineeringUnits)
//   Objects/Site/Haul/truck-02/oil-temp       AnalogItem in degree Celsius
//   Objects/Site/Misc/OilPressurePsi          ns=1;s=T02.OilPressure, no EngineeringUnits (psi)
// Values change every 100 ms with source timestamps. Prints "READY <url>" once listening.
// Usage: node server.js PORT
const opcua = require("node-opcua");
const { OPCUAServer, DataType, StatusCodes, standardUnits, makeEUInformation } = opcua;

(async () => {
  const port = parseInt(process.argv[2], 10);
  const server = new OPCUAServer({
    port,
    hostname: "127.0.0.1",
    resourcePath: "/nodeopcua",
    buildInfo: { productName: "minetwin-node-opcua-test", buildNumber: "1" },
  });
  await server.initialize();
  const addressSpace = server.engine.addressSpace;
  const ns = addressSpace.getOwnNamespace();
  const site = ns.addFolder(addressSpace.rootFolder.objects, { browseName: "Site" });
  const haul = ns.addFolder(site, { browseName: "Haul" });
  const misc = ns.addFolder(site, { browseName: "Misc" });
  const truck = ns.addObject({ organizedBy: haul, browseName: "truck-02" });
  const degF = standardUnits.degree_fahrenheit || makeEUInformation("FAH", "°F", "degree Fahrenheit");
  const degC = standardUnits.degree_celsius || makeEUInformation("CEL", "°C", "degree Celsius");
  const coolant = ns.addAnalogDataItem({
    componentOf: truck, browseName: "coolant-temp", nodeId: "s=T02.CoolantF", dataType: "Double",
    engineeringUnitsRange: { low: -50, high: 300 }, engineeringUnits: degF,
  });
  const oilTemp = ns.addAnalogDataItem({
    componentOf: truck, browseName: "oil-temp", nodeId: "s=T02.OilTemp", dataType: "Double",
    engineeringUnitsRange: { low: -50, high: 200 }, engineeringUnits: degC,
  });
  const pressure = ns.addVariable({
    organizedBy: misc, browseName: "OilPressurePsi", nodeId: "s=T02.OilPressure", dataType: "Double",
  });
  let i = 0;
  const tick = () => {
    i++;
    const now = new Date();
    coolant.setValueFromSource({ dataType: DataType.Double, value: 200 + (i % 10) }, StatusCodes.Good, now);
    oilTemp.setValueFromSource({ dataType: DataType.Double, value: 100 + (i % 5) }, StatusCodes.Good, now);
    pressure.setValueFromSource({ dataType: DataType.Double, value: 60 + (i % 3) }, StatusCodes.Good, now);
  };
  tick();
  setInterval(tick, 100);
  await server.start();
  console.log("READY " + server.getEndpointUrl());
  const stop = async () => { await server.shutdown(100); process.exit(0); };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
})().catch((e) => { console.error(e); process.exit(1); });
