// Generates the SDK vectors in this folder from the official NBC SDK. Run once, by hand, and commit the JSON:
//   mkdir /tmp/sdk && cd /tmp/sdk && npm install bakong-khqr@1.0.20 && NODE_PATH=/tmp/sdk/node_modules node <repo>/Bakong.Functional.Tests/Fixtures/Khqr/Sdk/generate.js <repo>/Bakong.Functional.Tests/Fixtures/Khqr/Sdk
// A seeded generator makes the inputs; Date.now is fixed, so a dynamic QR's creation time is known.
const fs = require("fs");
const path = require("path");
const { BakongKHQR, khqrData, IndividualInfo, MerchantInfo } = require("bakong-khqr");

const out = process.argv[2] || ".";
let seed = 20261203;
const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = (xs) => xs[Math.floor(next() * xs.length)];
const maybe = (p, f) => (next() < p ? f() : undefined);
const word = (min, max, alphabet) => {
  const chars = alphabet || "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -.'&";
  const n = min + Math.floor(next() * (max - min + 1));
  let s = "";
  for (let i = 0; i < n; i++) s += chars[Math.floor(next() * chars.length)];
  // The SDK drops empty optional values, and neither side writes leading or trailing blanks differently; keep them out.
  s = s.trim();
  return s.length >= min ? s : s + "X".repeat(min - s.length);
};
const account = () => word(1, 14, "abcdefghijklmnopqrstuvwxyz0123456789_") + "@" + word(1, 8, "abcdefghijklmnopqrstuvwxyz");
const khmer = () => word(1, 12, "\u1780\u1781\u1782\u1783\u1784\u1785\u1786\u1787\u1788\u1789\u178A\u178B\u17B6\u17B7\u17B8");

const NOW = 1764720000000; // 2025-12-03T00:00:00Z
const realNow = Date.now;

function request(dynamic) {
  const merchant = next() < 0.4;
  const currency = pick(["KHR", "USD"]);
  const r = {
    kind: merchant ? "merchant" : "individual",
    accountId: account(),
    merchantName: word(1, 25),
    merchantCity: word(1, 15),
    currency,
    merchantId: merchant ? word(1, 20) : undefined,
    acquiringBank: merchant ? word(1, 20) : maybe(0.3, () => word(1, 20)),
    accountInformation: merchant ? undefined : maybe(0.3, () => word(1, 20, "0123456789")),
    merchantCategoryCode: maybe(0.4, () => word(4, 4, "0123456789")),
    billNumber: maybe(0.4, () => word(1, 25)),
    mobileNumber: maybe(0.3, () => word(1, 15, "0123456789")),
    storeLabel: maybe(0.3, () => word(1, 25)),
    terminalLabel: maybe(0.3, () => word(1, 25)),
    purposeOfTransaction: maybe(0.2, () => word(1, 25)),
    upiMerchantAccount: currency === "KHR" ? maybe(0.15, () => word(10, 40, "0123456789")) : undefined,
  };
  if (next() < 0.3) {
    r.languagePreference = "km";
    r.merchantNameAlternateLanguage = khmer();
    r.merchantCityAlternateLanguage = maybe(0.6, khmer);
  }
  if (dynamic) {
    r.amount = currency === "KHR" ? 100 * (1 + Math.floor(next() * 5000)) : pick([1, 2.5, 0.01, 12.34, 99.9, 1000, 7.05]);
    r.expiresAtMs = NOW + pick([60000, 600000, 3600000]);
  }
  return r;
}

function encode(r) {
  const optional = {
    currency: r.currency === "KHR" ? khqrData.currency.khr : khqrData.currency.usd,
    amount: r.amount,
    accountInformation: r.accountInformation,
    acquiringBank: r.kind === "individual" ? r.acquiringBank : undefined,
    billNumber: r.billNumber, mobileNumber: r.mobileNumber, storeLabel: r.storeLabel, terminalLabel: r.terminalLabel,
    purposeOfTransaction: r.purposeOfTransaction, languagePreference: r.languagePreference,
    merchantNameAlternateLanguage: r.merchantNameAlternateLanguage, merchantCityAlternateLanguage: r.merchantCityAlternateLanguage,
    upiMerchantAccount: r.upiMerchantAccount, expirationTimestamp: r.expiresAtMs, merchantCategoryCode: r.merchantCategoryCode,
  };
  const sdk = new BakongKHQR();
  Date.now = () => NOW;
  try {
    const answer = r.kind === "merchant"
      ? sdk.generateMerchant(new MerchantInfo(r.accountId, r.merchantName, r.merchantCity, r.merchantId, r.acquiringBank, optional))
      : sdk.generateIndividual(new IndividualInfo(r.accountId, r.merchantName, r.merchantCity, optional));
    return answer.status.code === 0 ? answer.data : null;
  } finally {
    Date.now = realNow;
  }
}

function vectors(dynamic, count) {
  const list = [];
  while (list.length < count) {
    const r = request(dynamic);
    const made = encode(r);
    if (made === null) continue;
    // undefined members are left out of the JSON.
    list.push({ request: r, payload: made.qr, md5: made.md5 });
  }
  return list;
}

const staticVectors = vectors(false, 300);
const dynamicVectors = vectors(true, 100);

// What the SDK's verify says at a given time, for "can this be paid now".
const verifyAt = (payload, at) => { Date.now = () => at; try { return BakongKHQR.verify(payload).isValid; } finally { Date.now = realNow; } };
const crc16 = require("bakong-khqr/src/helper/crc16");
const close = (body) => body + "6304" + crc16(body + "6304");
const dynamicOne = dynamicVectors[0];
const expires = dynamicOne.request.expiresAtMs;
const sticker = close("000201010211" + "29180014jonhsmith@nbcq" + "52045999" + "5303840" + "5405" + "12.50" + "5802KH" + "5910Jonh Smith" + "6010PHNOM PENH");
const stickerStamped = close("000201010211" + "29180014jonhsmith@nbcq" + "52045999" + "5303840" + "5405" + "12.50" + "5802KH" + "5910Jonh Smith" + "6010PHNOM PENH" + "99340013" + String(NOW - 7200000) + "0113" + String(NOW - 3600000));
const staticExpired = close("000201010211" + "29180014jonhsmith@nbcq" + "52045999" + "5303116" + "5802KH" + "5910Jonh Smith" + "6010PHNOM PENH" + "99340013" + String(NOW - 7200000) + "0113" + String(NOW - 3600000));
const oldDynamic = "00020101021229180014jonhsmith@nbcq52045999530311654035005802KH5910Jonh Smith6010PHNOM PENH99170013173949577872263046894";
const cases = [
  ["dynamic, before its expiry", dynamicOne.payload, NOW + 1000],
  ["dynamic, at its expiry", dynamicOne.payload, expires],
  ["dynamic, 1 ms after its expiry", dynamicOne.payload, expires + 1],
  ["dynamic, a day after its expiry", dynamicOne.payload, expires + 86400000],
  ["dynamic with only a creation time (khqr.md vector 1)", oldDynamic, NOW],
  ["static", staticVectors[0].payload, NOW],
  ["static with an expiry an hour past", staticExpired, NOW],
  ["static with a fixed amount and no tag 99", sticker, NOW],
  ["static with a fixed amount and an expiry an hour past", stickerStamped, NOW],
  ["a broken CRC", dynamicOne.payload.slice(0, -1) + (dynamicOne.payload.endsWith("0") ? "1" : "0"), NOW + 1000],
];
const payable = cases.map(([name, payload, at]) => ({ name, payload, at: new Date(at).toISOString(), sdkVerify: verifyAt(payload, at) }));

const write = (file, value) => fs.writeFileSync(path.join(out, file), JSON.stringify({ source: "bakong-khqr 1.0.20 (npm), generate.js in this folder, Date.now fixed at " + new Date(NOW).toISOString(), vectors: value }, null, 1) + "\n");
write("static.json", staticVectors);
write("dynamic.json", dynamicVectors);
write("payable.json", payable);
console.log(`static ${staticVectors.length}, dynamic ${dynamicVectors.length}, payable ${payable.length}`);
