// An independent OPC UA client (node-opcua) for NodeOpcuaClientIT: browses the simulator's server from the
// Objects folder, reads one channel with its EngineeringUnits and EURange, subscribes to it and waits for
// two changes. Prints one line per finding, for the test to check:
//   SESSION security=<policy/mode> user=<name>
//   SITE <name>                            each folder below Objects in the simulator's namespace
//   ASSET <site>/<asset> type=<t> model=<m> serial=<s>
//   CHANNEL Objects/<site>/<asset>/<component>/<channel>   every channel of the chosen asset
//   VALUE <path> value=<v> unit=<u> range=<low>..<high> source=<ISO time>
//   CHANGE value=<v> source=<ISO time>     each notification of the subscription (the first is the initial value)
//   DONE
// Exits 0 after two changes beyond the initial value, 2 with a message on stderr otherwise.
// Usage: node client.js [--secure] [--user NAME:PASSWORD] URL [ASSET [COMPONENT/CHANNEL]]
//   --secure  Basic256Sha256 SignAndEncrypt (any server certificate is accepted) instead of security None
//   --user    log in with a user name and password instead of anonymously
//   defaults: the first asset, its first channel
"use strict";
const path = require("path");
const {
  OPCUAClient, OPCUACertificateManager, MessageSecurityMode, SecurityPolicy, BrowseDirection, NodeClass,
  AttributeIds, TimestampsToReturn, ClientSubscription, ClientMonitoredItem, resolveNodeId, UserTokenType,
} = require("node-opcua");

const NAMESPACE_URI = "urn:minetwin:simulator";
const TIMEOUT_MS = 30000;

function fail(message) {
  console.error("FAIL " + message);
  process.exit(2);
}

async function children(session, nodeId, referenceType) {
  const result = await session.browse({
    nodeId, referenceTypeId: resolveNodeId(referenceType), includeSubtypes: true,
    browseDirection: BrowseDirection.Forward, nodeClassMask: NodeClass.Object | NodeClass.Variable, resultMask: 63,
  });
  if (result.statusCode.value !== 0) {
    fail("browse of " + nodeId.toString() + " returned " + result.statusCode.toString());
  }
  return result.references || [];
}

async function property(session, nodeId, name) {
  const ref = (await children(session, nodeId, "HasProperty")).find((r) => r.browseName.name === name);
  if (!ref) {
    fail(nodeId.toString() + " has no property " + name);
  }
  const dv = await session.read({ nodeId: ref.nodeId, attributeId: AttributeIds.Value });
  return dv.value.value;
}

(async () => {
  const args = process.argv.slice(2);
  let secure = false;
  let user;
  while (args.length > 0 && args[0].startsWith("--")) {
    const flag = args.shift();
    if (flag === "--secure") {
      secure = true;
    } else if (flag === "--user" && args.length > 0 && args[0].includes(":")) {
      const text = args.shift();
      user = { type: UserTokenType.UserName, userName: text.slice(0, text.indexOf(":")),
        password: text.slice(text.indexOf(":") + 1) };
    } else {
      fail("unknown option " + flag + "; use --secure and --user NAME:PASSWORD");
    }
  }
  const [url, wantedAsset, wantedChannel] = args;
  if (!url) {
    fail("usage: node client.js [--secure] [--user NAME:PASSWORD] opc.tcp://HOST:PORT/minetwin-sim"
      + " [ASSET [COMPONENT/CHANNEL]]");
  }
  setTimeout(() => fail("no result within " + TIMEOUT_MS + " ms"), TIMEOUT_MS).unref();
  // The client's own certificate lives next to this script (under target/), not in the user's home.
  const certificateManager = new OPCUACertificateManager({ rootFolder: path.join(__dirname, "pki"),
    automaticallyAcceptUnknownCertificate: true });
  const client = OPCUAClient.create({
    applicationName: "minetwin-sim-node-client", endpointMustExist: false,
    securityMode: secure ? MessageSecurityMode.SignAndEncrypt : MessageSecurityMode.None,
    securityPolicy: secure ? SecurityPolicy.Basic256Sha256 : SecurityPolicy.None,
    connectionStrategy: { maxRetry: 1, initialDelay: 200, maxDelay: 1000 },
    clientCertificateManager: certificateManager,
  });
  await client.connect(url);
  const session = await client.createSession(user);
  console.log("SESSION security=" + (secure ? "Basic256Sha256/SignAndEncrypt" : "None")
    + " user=" + (user ? user.userName : "anonymous"));
  const namespaces = await session.readNamespaceArray();
  const ns = namespaces.indexOf(NAMESPACE_URI);
  if (ns < 0) {
    fail("the server has no namespace " + NAMESPACE_URI + "; it has " + namespaces.join(", "));
  }

  const sites = (await children(session, resolveNodeId("ObjectsFolder"), "Organizes"))
    .filter((r) => r.nodeId.namespace === ns);
  if (sites.length === 0) {
    fail("no site folder below Objects in namespace " + ns);
  }
  for (const s of sites) {
    console.log("SITE " + s.browseName.name);
  }
  const site = sites[0];
  const assets = await children(session, site.nodeId, "Organizes");
  for (const a of assets) {
    const type = await property(session, a.nodeId, "AssetType");
    const model = await property(session, a.nodeId, "Model");
    const serial = await property(session, a.nodeId, "SerialNumber");
    console.log("ASSET " + site.browseName.name + "/" + a.browseName.name + " type=" + type + " model=" + model
      + " serial=" + serial);
  }
  const asset = wantedAsset ? assets.find((a) => a.browseName.name === wantedAsset) : assets[0];
  if (!asset) {
    fail("no asset " + wantedAsset + " below Objects/" + site.browseName.name);
  }
  const prefix = "Objects/" + site.browseName.name + "/" + asset.browseName.name + "/";
  let chosen;
  for (const c of await children(session, asset.nodeId, "Organizes")) {
    for (const ch of await children(session, c.nodeId, "Organizes")) {
      const name = c.browseName.name + "/" + ch.browseName.name;
      console.log("CHANNEL " + prefix + name);
      if (!chosen && (!wantedChannel || wantedChannel === name)) {
        chosen = { name, nodeId: ch.nodeId };
      }
    }
  }
  if (!chosen) {
    fail("no channel " + (wantedChannel || "at all") + " below " + prefix);
  }

  const value = await session.read({ nodeId: chosen.nodeId, attributeId: AttributeIds.Value },
    TimestampsToReturn.Both);
  const unit = await property(session, chosen.nodeId, "EngineeringUnits");
  const range = await property(session, chosen.nodeId, "EURange");
  console.log("VALUE " + prefix + chosen.name + " value=" + value.value.value + " unit=" + unit.displayName.text
    + " range=" + range.low + ".." + range.high + " source=" + value.sourceTimestamp.toISOString());

  const subscription = ClientSubscription.create(session, {
    requestedPublishingInterval: 100, requestedLifetimeCount: 600, requestedMaxKeepAliveCount: 20,
    maxNotificationsPerPublish: 100, publishingEnabled: true, priority: 1,
  });
  const item = ClientMonitoredItem.create(subscription,
    { nodeId: chosen.nodeId, attributeId: AttributeIds.Value },
    { samplingInterval: 50, discardOldest: true, queueSize: 10 }, TimestampsToReturn.Both);
  let seen = 0;
  await new Promise((resolve) => {
    item.on("changed", (dv) => {
      console.log("CHANGE value=" + dv.value.value + " source=" + dv.sourceTimestamp.toISOString());
      if (++seen >= 3) {
        resolve();
      }
    });
  });
  await subscription.terminate();
  await session.close();
  await client.disconnect();
  console.log("DONE");
  process.exit(0);
})().catch((e) => fail(e && e.stack ? e.stack : String(e)));
