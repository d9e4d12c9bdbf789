#!/usr/bin/env node
// Writes (to stdout) a large detailed assessment as an assessment document that `sxsh import`
// reads (docs/export-format.md): a cassava starch plant with 40 process steps, 400 flows (5 in,
// 5 out per step, in t / m3 / kWh, priced), 60 waste streams with their costs, 60 causes,
// 100 options with their techniques, investment and saving lines, 40 actions, 12 monitoring
// records and 6 team members. For the UI benchmark (ui/e2e-bench/detailed.bench.ts):
//
//   node ui/e2e-bench/make-large.mjs > target/bench-large.json
//   target/debug/sxsh --data-dir DIR import target/bench-large.json
//
// The enterprise is the demo seafood plant's (assets/demo/seafood_detailed.json, the template
// of this document), so it is the same row whether or not `sxsh demo` ran first. Everything
// else has its own UUIDv7-like ids. The output is deterministic (a seeded generator, fixed
// dates and version stamps), so importing it twice, or importing a second run of this script,
// writes nothing new.
import { readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const template = JSON.parse(readFileSync(path.join(root, "assets/demo/seafood_detailed.json"), "utf8"));

export const TITLE = "Nhà máy tinh bột sắn — bộ dữ liệu lớn";

// ---- deterministic randomness, ids, dates and version stamps ------------------------------

let seed = 0x5e5f1e1d;
function rand() {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const between = (lo, hi) => lo + (hi - lo) * rand();
const pick = (list) => list[Math.floor(rand() * list.length)];
/** Rounds to `d` decimals (quantities as a consultant would write them). */
const round = (x, d = 0) => Math.round(x * 10 ** d) / 10 ** d;
/** Money: whole VND, to `step`. */
const vnd = (x, step = 1000) => Math.max(0, Math.round(x / step) * step);

const usedIds = new Set();
/** A UUIDv7 with the given millisecond time and seeded random bits. */
function uuidv7(ms) {
  const bytes = new Uint8Array(16);
  let m = ms;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = m % 256;
    m = Math.floor(m / 256);
  }
  for (let i = 6; i < 16; i++) bytes[i] = Math.floor(rand() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  if (usedIds.has(id)) throw new Error(`duplicate id ${id}`);
  usedIds.add(id);
  return id;
}

// The device that "made" the rows, and the time of their versions (2025-10-01), so the stamps
// are never ahead of an importing device's clock.
const DEVICE = "01996b2a-7f00-7c3e-9a51-b3c4d5e6f708";
const STAMP_MS = Date.UTC(2025, 9, 1, 2, 0, 0);
let stampCounter = 0;
const stamp = () => `${String(STAMP_MS).padStart(15, "0")}-${String(stampCounter++).padStart(10, "0")}-${DEVICE}`;

/** Creation times walk forward through the assessment (June–September 2025). */
let clock = Date.UTC(2025, 5, 2, 1, 0, 0);
function nextTime(minutes = 7) {
  clock += minutes * 60_000;
  return clock;
}
const iso = (ms) => new Date(ms).toISOString();

/** A row with its id, bookkeeping and version. */
function row(fields, minutes) {
  const ms = nextTime(minutes);
  const at = iso(ms);
  return {
    id: uuidv7(ms),
    assessment_id: ASSESSMENT_ID,
    ...fields,
    created_at: at,
    updated_at: at,
    updated_by: "Lê Thị Thu Hà@bench",
    versions: { "*": stamp() },
  };
}

// ---- the assessment ------------------------------------------------------------------------

const enterprise = template.enterprise;
const assessmentMs = nextTime(0);
const ASSESSMENT_ID = uuidv7(assessmentMs);
const assessment = {
  ...template.assessment,
  id: ASSESSMENT_ID,
  enterprise_id: enterprise.id,
  programme_id: null,
  kind: "detailed",
  cycle: 1,
  title: TITLE,
  status: "in_progress",
  start_date: "2025-06-02",
  end_date: null,
  consultant: "Lê Thị Thu Hà",
  baseline_start: "2024-01-01",
  baseline_end: "2024-12-31",
  production_volume: 25000,
  production_unit: "t",
  discount_rate: 0.1,
  life_years: 7,
  tax_rate: 0.2,
  grid_ef_year: 2023,
  custom_grid_ef: null,
  custom_grid_ef_source: "",
  checklists: [],
  scope:
    "Dây chuyền tinh bột sắn công suất 300 tấn củ/ngày: tiếp nhận, rửa, bóc vỏ, nghiền, trích ly, tinh chế, tách nước, sấy, đóng bao; cùng bã sắn, lò đốt, hầm biogas và hệ thống xử lý nước thải. Năm gốc 2024: 100.000 tấn củ sắn tươi, 25.000 tấn tinh bột, 8,9 triệu kWh điện, 1,35 triệu m3 nước.",
  focus_recommendation:
    "Trọng tâm chu kỳ 1: trích ly, lọc tinh và tinh chế (công đoạn 12–18), nơi mất nhiều tinh bột theo bã và nước dịch bào nhất và dùng khoảng 45 % tổng lượng nước.",
  next_steps: "",
  sustaining_measures: "",
  created_at: iso(assessmentMs),
  updated_at: iso(Date.UTC(2025, 8, 30, 9, 0, 0)),
  updated_by: "Lê Thị Thu Hà@bench",
  versions: { "*": stamp() },
};

const ORG = enterprise.name;
const team_members = [
  ["Nguyễn Văn Hải", "Phó Giám đốc sản xuất", "Trưởng nhóm SXSH"],
  ["Trần Thị Bích Ngọc", "Trưởng phòng KCS", "Thành viên: chất lượng, hiệu suất thu hồi tinh bột"],
  ["Phạm Minh Tuấn", "Trưởng ban cơ điện", "Thành viên: điện, lò đốt, máy sấy, đo đạc"],
  ["Đỗ Quang Vinh", "Quản đốc phân xưởng", "Thành viên: vận hành dây chuyền"],
  ["Hoàng Thị Lan", "Cán bộ môi trường", "Thành viên: nước thải, biogas, chất thải rắn"],
  ["Lê Thị Thu Hà", "Chuyên gia tư vấn SXSH", "Tư vấn"],
].map(([name, position, role], i) =>
  row({ name, position, role, organisation: i === 5 ? "Trung tâm Sản xuất sạch hơn" : ORG }, 3),
);

// ---- 40 process steps, 10 flows each --------------------------------------------------------

// [name, main stream in, main stream out, by-product, solid waste, auxiliary, main t/year]
const STEPS = [
  ["Tiếp nhận củ sắn tươi", "Củ sắn tươi", "Củ sắn đã cân", "Củ sắn dập, thối bán làm thức ăn chăn nuôi", "Rác, rễ, thân sắn lẫn", "Bạt che, dây buộc", 100000],
  ["Cân và lấy mẫu đo độ bột", "Củ sắn đã cân", "Củ sắn đạt độ bột", "Mẫu củ sau phân tích", "Củ không đạt loại ra", "Hóa chất phân tích", 99600],
  ["Tập kết bãi nguyên liệu", "Củ sắn đạt độ bột", "Củ sắn từ bãi", "Củ vụn nhặt lại", "Đất bám rơi tại bãi", "Nước phun giữ ẩm bổ sung", 99300],
  ["Cấp liệu băng tải", "Củ sắn từ bãi", "Củ sắn lên băng tải", "Củ rơi thu hồi", "Đất, sỏi lẫn", "Mỡ bôi trơn băng tải", 98700],
  ["Tách đất cát lồng quay", "Củ sắn lên băng tải", "Củ sắn đã tách đất", "Đầu củ gãy", "Đất cát tách ra", "Lưới lồng quay thay thế", 98400],
  ["Rửa sơ bộ", "Củ sắn đã tách đất", "Củ sắn rửa sơ bộ", "Củ vụn thu hồi", "Bùn đất lắng bể rửa", "Hóa chất khử trùng nước rửa", 96900],
  ["Bóc vỏ lụa", "Củ sắn rửa sơ bộ", "Củ sắn đã bóc vỏ", "Vỏ lụa bán làm phân", "Vỏ gỗ và tạp chất", "Dao bóc vỏ thay thế", 96200],
  ["Rửa tinh củ", "Củ sắn đã bóc vỏ", "Củ sắn sạch", "Vỏ vụn thu hồi", "Cặn bể rửa tinh", "Hóa chất khử trùng nước rửa", 93500],
  ["Băm khúc", "Củ sắn sạch", "Củ sắn băm khúc", "Đầu củ gỗ", "Xơ củ mắc lưỡi băm", "Lưỡi băm thay thế", 93100],
  ["Nghiền thô", "Củ sắn băm khúc", "Bột nhão nghiền thô", "Xơ thô thu hồi", "Cặn kim loại tách từ", "Lưới nghiền thay thế", 92800],
  ["Nghiền mịn", "Bột nhão nghiền thô", "Bột nhão nghiền mịn", "Xơ mịn thu hồi", "Cặn cứng máy nghiền", "Hóa chất chống bọt", 92600],
  ["Lọc tinh", "Bột nhão nghiền mịn", "Dịch sữa bột đã lọc", "Bã lọc tinh bán làm thức ăn", "Cặn cát mịn", "Vải lọc thay thế", 92300],
  ["Trích ly ly tâm tách bã lần 1", "Dịch sữa bột đã lọc", "Sữa bột sau trích ly 1", "Bã sắn ướt lần 1", "Cặn ly tâm", "Nước rửa bã bổ sung", 91100],
  ["Trích ly ly tâm tách bã lần 2", "Sữa bột sau trích ly 1", "Sữa bột sau trích ly 2", "Bã sắn ướt lần 2", "Cặn ly tâm", "Nước rửa bã bổ sung", 62400],
  ["Tách dịch bào ly tâm đĩa", "Sữa bột sau trích ly 2", "Sữa bột đậm đặc", "Dịch bào thu hồi protein", "Cặn đĩa ly tâm", "Hóa chất tẩy rửa CIP", 58300],
  ["Tinh chế lần 1", "Sữa bột đậm đặc", "Sữa bột tinh chế 1", "Bột loại B", "Cặn xơ mịn", "Hóa chất tẩy rửa CIP", 52700],
  ["Tinh chế lần 2", "Sữa bột tinh chế 1", "Sữa bột tinh chế 2", "Bột loại B", "Cặn xơ mịn", "Hóa chất tẩy rửa CIP", 51900],
  ["Tinh chế lần 3 bằng hydrocyclone", "Sữa bột tinh chế 2", "Sữa bột tinh", "Bột loại B", "Cặn cát siêu mịn", "Ống cyclone thay thế", 51300],
  ["Tẩy trắng bằng SO2", "Sữa bột tinh", "Sữa bột đã tẩy trắng", "Bọt bột thu hồi", "Cặn lưu huỳnh", "Lưu huỳnh đốt tạo SO2", 50800],
  ["Bể chứa sữa bột", "Sữa bột đã tẩy trắng", "Sữa bột cấp tách nước", "Bột lắng đáy bể", "Cặn đáy bể", "Hóa chất vệ sinh bể", 50500],
  ["Tách nước ly tâm chân không", "Sữa bột cấp tách nước", "Bột ướt 38 % ẩm", "Bột tràn thu hồi", "Cặn vải lọc", "Vải lọc chân không", 50200],
  ["Sấy nhanh khí động", "Bột ướt 38 % ẩm", "Tinh bột khô 13 % ẩm", "Bột cháy, vón cục", "Bột bám ống sấy", "Than cám (quy đổi)", 40300],
  ["Tách bụi cyclone", "Tinh bột khô 13 % ẩm", "Tinh bột qua cyclone", "Bụi bột thu hồi", "Bụi mịn thoát theo khí", "Túi lọc bụi thay thế", 25900],
  ["Làm nguội", "Tinh bột qua cyclone", "Tinh bột đã làm nguội", "Bột vón cục", "Bụi bột khu làm nguội", "Không khí lọc (quy đổi)", 25700],
  ["Rây phân loại", "Tinh bột đã làm nguội", "Tinh bột đạt cỡ hạt", "Bột thô dưới rây", "Tạp chất trên rây", "Lưới rây thay thế", 25500],
  ["Đóng bao thành phẩm", "Tinh bột đạt cỡ hạt", "Tinh bột đóng bao 50 kg", "Bột rơi vãi thu gom", "Bao hỏng", "Bao PP tráng PE", 25300],
  ["Lưu kho thành phẩm", "Tinh bột đóng bao 50 kg", "Tinh bột xuất bán", "Bao rách đóng lại", "Bột ẩm mốc hủy", "Pallet gỗ", 25200],
  ["Ép bã sắn", "Bã sắn ướt", "Bã sắn đã ép", "Nước ép bã thu hồi tinh bột", "Bã rơi vãi", "Vải ép thay thế", 36000],
  ["Sấy bã", "Bã sắn đã ép", "Bã sắn khô", "Bã khô vụn", "Bụi bã", "Trấu đốt lò sấy bã", 21500],
  ["Đóng bao bã", "Bã sắn khô", "Bã sắn đóng bao bán", "Bã rơi vãi thu gom", "Bao hỏng", "Bao PP", 9800],
  ["Trạm bơm và xử lý nước cấp", "Nước thô từ sông", "Nước sạch cấp sản xuất", "Bùn phèn thu hồi san lấp", "Bùn cặn bể lắng", "Phèn nhôm PAC", 1350000],
  ["Tuần hoàn nước rửa", "Nước sau tinh chế", "Nước tuần hoàn cấp rửa củ", "Bột lắng thu hồi", "Cặn lắng", "Hóa chất điều chỉnh pH", 410000],
  ["Lò đốt than cấp nhiệt sấy", "Than cám 4", "Nhiệt cấp máy sấy (quy đổi)", "Xỉ than bán làm gạch", "Tro bay", "Đá vôi khử lưu huỳnh", 5200],
  ["Lò hơi biogas", "Biogas (quy đổi)", "Hơi cấp (quy đổi)", "Nước ngưng thu hồi", "Cặn nồi hơi", "Hóa chất xử lý nước lò", 2600],
  ["Hầm biogas kỵ khí", "Nước thải sản xuất", "Nước thải sau kỵ khí", "Biogas thu hồi (quy đổi)", "Bùn kỵ khí dư", "Dinh dưỡng bổ sung N, P", 1180000],
  ["Xử lý nước thải hiếu khí", "Nước thải sau kỵ khí", "Nước thải sau hiếu khí", "Bùn hoạt tính tuần hoàn", "Bùn dư", "Hóa chất keo tụ", 1160000],
  ["Hồ sinh học", "Nước thải sau hiếu khí", "Nước thải đạt QCVN", "Bèo, thủy sinh vớt", "Bùn đáy hồ", "Chế phẩm vi sinh", 1140000],
  ["Máy nén khí", "Không khí (quy đổi)", "Khí nén cấp", "Nước ngưng", "Dầu thải máy nén", "Dầu máy nén", 1200],
  ["Trạm biến áp và phân phối điện", "Điện lưới (quy đổi)", "Điện cấp phân xưởng (quy đổi)", "Nhiệt tổn hao (quy đổi)", "Dầu biến áp thải", "Dầu biến áp bổ sung", 900],
  ["Vệ sinh nhà xưởng", "Bột rơi vãi gom sàn", "Bột thu hồi tái chế", "Bột bẩn bán thức ăn", "Rác sinh hoạt, rác sàn", "Chất tẩy rửa", 400],
];
if (STEPS.length !== 40) throw new Error(`${STEPS.length} steps`);

const CRITERIA = [
  ["raw_material_loss", 3],
  ["product_loss", 2],
  ["utilities", 3],
  ["water_pollution", 2],
  ["disposal_cost", 1],
  ["future_regulation", 1],
  ["ohs", 1],
];

const FOCUS_SEQ = 13;
const process_steps = STEPS.map(([name, , , , , , main], i) => {
  const seq = i + 1;
  const heavy = seq >= 12 && seq <= 18;
  return row(
    {
      seq,
      name: `Công đoạn ${seq}: ${name}`,
      description: `${name}; năng suất khoảng ${round(main / 300).toLocaleString("vi-VN")} t/ngày theo sổ vận hành 2024.`,
      is_focus: seq === FOCUS_SEQ,
      focus_scores: CRITERIA.map(([criterion, weight]) => ({
        criterion,
        weight,
        score: heavy ? Math.min(5, 3 + Math.floor(rand() * 3)) : 1 + Math.floor(rand() * 3),
      })),
      stock_change_t: null,
    },
    11,
  );
});

const WATER_PRICE = 9800; // VND/m3, water supply price
const POWER_PRICE = 1950; // VND/kWh, average tariff 2024
const flows = [];
function flow(stepId, direction, category, name, quantity, unit, unit_price_vnd, source, note = "") {
  flows.push(
    row(
      { step_id: stepId, direction, category, name, quantity, unit, period: "year", unit_price_vnd, fuel_code: "", source, note, coal_grade: "" },
      2,
    ),
  );
}
const SOURCES = ["records", "measured", "estimated"];
process_steps.forEach((s, i) => {
  const [, mainIn, mainOut, by, solid, aux, main] = STEPS[i];
  const seq = i + 1;
  const isWater = main > 200000; // the water-treatment steps carry m3 as their main stream
  const unit = isWater ? "m3" : "t";
  const auxT = round(main * between(0.00005, 0.0008), 1);
  const waterM3 = round(isWater ? main * between(0.005, 0.02) : main * between(0.05, 0.8), 0);
  const recycled = round(waterM3 * between(0.1, 0.5), 0);
  const kwh = round((isWater ? main * between(0.2, 0.6) : main * between(0.5, 4)) + 5000, 0);
  // Sludge and losses of the water steps in t, from the m3 they treat (about 1 kg/m3).
  const mass = isWater ? main * 0.001 : main;
  const byT = round(mass * between(0.002, 0.05), 1);
  const solidT = round(mass * between(0.001, 0.02), 1);
  const lossT = round(mass * between(0.001, 0.01), 1);
  // The main stream out closes the balance to 97–99.5 % (the rest unidentified).
  const closure = between(0.97, 0.995);
  const mainOutQ = round(Math.max(0, (main + (isWater ? 0 : auxT)) * closure - (isWater ? 0 : byT + solidT + lossT)), 1);
  const price = Math.max(200_000, 1_900_000 * (seq / 40) + 900_000); // VND/t, value grows along the line
  const src = () => pick(SOURCES);
  // In: the main stream, auxiliary material, fresh water, recycled water, electricity.
  flow(s.id, "in", isWater ? "water" : "raw_material", mainIn, main, unit, isWater ? 1200 : vnd(price), "records", "Sổ vận hành và phiếu cân 2024.");
  flow(s.id, "in", "auxiliary", aux, auxT, "t", vnd(between(2_000_000, 25_000_000), 10_000), src());
  flow(s.id, "in", "water", `Nước sạch cấp ${STEPS[i][0].toLowerCase()}`, waterM3, "m3", WATER_PRICE, src(), "Đồng hồ nước phụ lắp tạm 7/2025, quy ra năm.");
  flow(s.id, "in", "water", "Nước tuần hoàn từ công đoạn sau", recycled, "m3", 2500, "estimated", "Chi phí bơm, quy ra đồng/m3.");
  flow(s.id, "in", "electricity", `Điện động cơ, bơm công đoạn ${seq}`, kwh, "kWh", POWER_PRICE, src(), "Công tơ phụ và giờ chạy máy.");
  // Out: the main stream, a by-product, solid waste, wastewater, unaccounted loss.
  flow(s.id, "out", "product", mainOut, mainOutQ, unit, isWater ? 1500 : vnd(price * 1.05), "records");
  flow(s.id, "out", "by_product", by, byT, "t", vnd(between(300_000, 2_500_000), 10_000), src());
  flow(s.id, "out", "solid_waste", solid, solidT, "t", vnd(between(50_000, 400_000), 10_000), src(), "Chi phí thu gom, vận chuyển.");
  flow(s.id, "out", "wastewater", `Nước thải ${STEPS[i][0].toLowerCase()}`, round(waterM3 * between(0.85, 0.98), 0), "m3", 4500, "estimated", "Chi phí xử lý nước thải quy ra đồng/m3.");
  flow(s.id, "out", "loss", `Hao hụt bay hơi, rơi vãi công đoạn ${seq}`, lossT, "t", null, "estimated");
});
if (flows.length !== 400) throw new Error(`${flows.length} flows`);

// ---- 60 waste streams, each with a cause --------------------------------------------------

const waste_streams = [];
const causes = [];
const CAUSE_CODES = ["C-RM", "C-TECH", "C-EQ", "C-OP", "C-HR", "C-PD", "C-WH", "C-OT"];
const CAUSE_TEXT = {
  "C-RM": "Củ sắn nhập về để quá 48 giờ, độ bột giảm, nhiều củ dập.",
  "C-TECH": "Công nghệ trích ly hai cấp, hiệu suất thu hồi tinh bột thấp hơn dây chuyền ba cấp.",
  "C-EQ": "Thiết bị cũ, gioăng, van rò rỉ; lưới lọc mòn không thay đúng hạn.",
  "C-OP": "Vận hành theo kinh nghiệm, không có định mức nước, điện theo công đoạn.",
  "C-HR": "Công nhân chưa được đào tạo về tiết kiệm nước và thu gom bột rơi vãi.",
  "C-PD": "Yêu cầu độ trắng cao của khách hàng làm tăng lượng nước rửa và SO2.",
  "C-WH": "Bột, bã rơi vãi bị xịt nước xuống rãnh thay vì gom khô.",
  "C-OT": "Chưa có đồng hồ đo phụ để theo dõi tiêu hao theo công đoạn.",
};
for (let k = 0; k < 60; k++) {
  const stepIndex = k % 40;
  const step = process_steps[stepIndex];
  const stepName = STEPS[stepIndex][0];
  const second = k >= 40;
  const stepFlows = flows.filter((f) => f.step_id === step.id);
  let w;
  if (!second) {
    // The step's wastewater, or its by-product / solid waste, with its costs.
    if (stepIndex % 2 === 0) {
      const ww = stepFlows.find((f) => f.category === "wastewater");
      w = {
        name: `Nước thải ${stepName.toLowerCase()} (CĐ ${stepIndex + 1})`,
        kind: "liquid",
        quantity: ww.quantity,
        unit: "m3",
        material_value_per_unit_vnd: WATER_PRICE,
        embedded_energy_kwh: null,
        embedded_water_m3: null,
        treatment_cost_vnd: vnd(ww.quantity * 4500),
        disposal_cost_vnd: null,
        fees_vnd: vnd(ww.quantity * 250),
        note: "Chi phí xử lý khoảng 4.500 đồng/m3 (điện, hóa chất, bùn); phí bảo vệ môi trường đối với nước thải.",
      };
    } else {
      const sw = stepFlows.find((f) => f.category === "solid_waste");
      w = {
        name: `${sw.name} (CĐ ${stepIndex + 1})`,
        kind: "solid",
        quantity: sw.quantity,
        unit: "t",
        material_value_per_unit_vnd: vnd(between(200_000, 3_000_000), 10_000),
        embedded_energy_kwh: null,
        embedded_water_m3: null,
        treatment_cost_vnd: null,
        disposal_cost_vnd: vnd(sw.quantity * between(150_000, 450_000)),
        fees_vnd: null,
        note: "Thu gom, vận chuyển đến bãi chôn lấp của huyện; giá trị tính theo giá thành bán thành phẩm.",
      };
    }
  } else {
    const kind = pick(["solid", "gas", "energy", "liquid"]);
    const loss = stepFlows.find((f) => f.category === "loss");
    w = {
      name:
        kind === "gas"
          ? `Khí thải, mùi chua ${stepName.toLowerCase()} (CĐ ${stepIndex + 1})`
          : kind === "energy"
            ? `Nhiệt, điện tổn hao ${stepName.toLowerCase()} (CĐ ${stepIndex + 1})`
            : kind === "liquid"
              ? `Dịch bột tràn, rò rỉ ${stepName.toLowerCase()} (CĐ ${stepIndex + 1})`
              : `Bột, bã rơi vãi ${stepName.toLowerCase()} (CĐ ${stepIndex + 1})`,
      kind,
      quantity: kind === "energy" ? round(between(20_000, 300_000), 0) : kind === "liquid" ? round(between(500, 20_000), 0) : Math.max(1, loss.quantity),
      unit: kind === "energy" ? "kWh" : kind === "liquid" ? "m3" : "t",
      material_value_per_unit_vnd: kind === "energy" ? POWER_PRICE : kind === "liquid" ? WATER_PRICE : vnd(between(1_000_000, 4_000_000), 10_000),
      embedded_energy_kwh: kind === "solid" ? round(between(1000, 20000), 0) : null,
      embedded_water_m3: kind === "solid" ? round(between(100, 3000), 0) : null,
      treatment_cost_vnd: kind === "gas" ? vnd(between(20e6, 150e6), 1e6) : kind === "liquid" ? vnd(between(5e6, 60e6), 1e6) : null,
      disposal_cost_vnd: kind === "solid" ? vnd(between(5e6, 80e6), 1e6) : null,
      fees_vnd: kind === "gas" ? vnd(between(2e6, 15e6), 1e6) : null,
      note: "Ước tính theo đo đạc 2 tuần tháng 7/2025.",
    };
  }
  const ws = row({ step_id: step.id, period: "year", ...w }, 5);
  waste_streams.push(ws);
  const category = CAUSE_CODES[k % CAUSE_CODES.length];
  causes.push(row({ waste_stream_id: ws.id, category, description: `${CAUSE_TEXT[category]} (${stepName}).` }, 4));
}

// ---- 100 options -------------------------------------------------------------------------

const OPTION_KINDS = [
  { tech: ["GH"], title: "Gom khô bột, bã rơi vãi trước khi vệ sinh ướt", inv: [5e6, 40e6], lines: [["water", "m3", 0.05], ["material", "t", 0.3]] },
  { tech: ["GH", "PC"], title: "Ban hành định mức nước theo ca, khóa vòi khi dừng máy", inv: [0, 15e6], lines: [["water", "m3", 0.12]] },
  { tech: ["PC"], title: "Lắp đồng hồ phụ và theo dõi tiêu hao theo công đoạn", inv: [30e6, 120e6], lines: [["electricity", "kWh", 0.04], ["water", "m3", 0.05]] },
  { tech: ["EM"], title: "Thay biến tần cho bơm, quạt", inv: [150e6, 600e6], lines: [["electricity", "kWh", 0.18]] },
  { tech: ["EM"], title: "Thay gioăng, van rò rỉ và lưới lọc mòn", inv: [20e6, 90e6], lines: [["water", "m3", 0.06], ["material", "t", 0.2]] },
  { tech: ["RR"], title: "Tuần hoàn nước sau tinh chế về rửa củ", inv: [250e6, 900e6], lines: [["water", "m3", 0.25], ["other", "VND", 0]] },
  { tech: ["BP"], title: "Bán bã, vỏ đã phân loại làm thức ăn chăn nuôi", inv: [40e6, 300e6], lines: [["other", "VND", 0]] },
  { tech: ["TC"], title: "Chuyển sang trích ly ba cấp bằng ly tâm đĩa", inv: [2.5e9, 8e9], lines: [["material", "t", 0.4], ["electricity", "kWh", -0.05]] },
  { tech: ["IM"], title: "Thu mua củ theo lịch, chế biến trong 24 giờ sau thu hoạch", inv: [0, 50e6], lines: [["material", "t", 0.5]] },
  { tech: ["PM", "PC"], title: "Điều chỉnh độ trắng theo đơn hàng, giảm SO2", inv: [10e6, 60e6], lines: [["other", "VND", 0]] },
];
const SCREENING = [
  ...Array(60).fill("implement_now"),
  ...Array(30).fill("needs_study"),
  ...Array(10).fill("reject"),
];
const options = [];
for (let k = 0; k < 100; k++) {
  const kind = OPTION_KINDS[k % OPTION_KINDS.length];
  const wIndex = (k * 7) % 60;
  const w1 = waste_streams[wIndex];
  const w2 = waste_streams[(wIndex + 13) % 60];
  const stepIndex = process_steps.findIndex((s) => s.id === w1.step_id);
  const stepName = STEPS[stepIndex][0];
  const stepFlows = flows.filter((f) => f.step_id === w1.step_id);
  const screening = SCREENING[k];
  const selected = screening === "implement_now" && k % 4 !== 3;
  const status = screening === "reject" ? "dropped" : selected ? pick(["done", "in_progress", "in_progress", "not_started"]) : "not_started";
  const savings = kind.lines.map(([resource, unit, share]) => {
    if (resource === "other") {
      const amount = vnd(between(20e6, 400e6), 1e6);
      return { resource, name: `Chi phí xử lý, thu gom tránh được hoặc doanh thu thêm (CĐ ${stepIndex + 1})`, fuel_code: "", quantity: amount, unit: "VND", unit_price_vnd: 1, added: false, coal_grade: "" };
    }
    const base =
      resource === "water"
        ? stepFlows.find((f) => f.category === "water").quantity
        : resource === "electricity"
          ? stepFlows.find((f) => f.category === "electricity").quantity
          : stepFlows.find((f) => f.category === "loss").quantity + 5;
    const added = share < 0;
    return {
      resource,
      name: resource === "water" ? "Nước sạch" : resource === "electricity" ? "Điện năng" : "Tinh bột thu hồi (quy đổi)",
      fuel_code: "",
      quantity: round(Math.abs(share) * base * between(0.6, 1.4), 1),
      unit,
      unit_price_vnd: resource === "water" ? WATER_PRICE : resource === "electricity" ? POWER_PRICE : vnd(between(6e6, 9e6), 10_000),
      added,
      coal_grade: "",
    };
  });
  options.push(
    row(
      {
        title: `${kind.title} — công đoạn ${stepIndex + 1} (${stepName.toLowerCase()})`,
        description: `Áp dụng tại ${stepName.toLowerCase()}; phối hợp tổ vận hành và ban cơ điện. Phương án ${k + 1}.`,
        techniques: kind.tech,
        cause_ids: [causes[wIndex].id],
        waste_stream_ids: k % 3 === 0 ? [w1.id, w2.id] : [w1.id],
        screening,
        technical_notes: screening === "needs_study" ? "Cần khảo sát thêm mặt bằng, chào giá thiết bị và ý kiến bộ phận KCS." : "",
        investment_vnd: k % 17 === 16 ? null : vnd(between(...kind.inv), 1e6),
        savings,
        opex_change_vnd: vnd(between(0, 30e6), 1e6),
        life_years: null,
        score: round(screening === "reject" ? between(2, 4.5) : between(5, 9.5), 1),
        selected,
        status,
        source_item: "",
        cash_flows_vnd: null,
      },
      9,
    ),
  );
}

// ---- actions for 40 selected options, 12 monitoring records, marks NV1–NV3 -------------------

const OWNERS = team_members.slice(0, 5).map((m) => m.name);
const actions = options
  .filter((o) => o.selected)
  .slice(0, 40)
  .map((o, i) => {
    const start = new Date(Date.UTC(2025, 7, 1 + (i % 28)));
    const end = new Date(start.getTime() + (10 + (i % 50)) * 86_400_000);
    return row(
      {
        option_id: o.id,
        title: `Triển khai: ${o.title.split(" — ")[0].toLowerCase()}`,
        owner: OWNERS[i % OWNERS.length],
        start_date: start.toISOString().slice(0, 10),
        end_date: end.toISOString().slice(0, 10),
        budget_vnd: o.investment_vnd ?? vnd(between(10e6, 50e6), 1e6),
        status: o.status === "done" ? "done" : o.status === "in_progress" ? "in_progress" : "not_started",
      },
      6,
    );
  });
const monitoring_records = options
  .filter((o) => o.status === "done" || o.status === "in_progress")
  .slice(0, 12)
  .map((o, i) => {
    const line = o.savings[0];
    const unit = line.unit === "VND" ? "m3" : line.unit;
    const baseline = round(between(1000, 20000), 0);
    return row(
      {
        option_id: o.id,
        indicator: `${line.resource === "electricity" ? "Điện năng" : line.resource === "material" ? "Tinh bột thu hồi" : "Nước dùng"} — ${o.title.split(" — ")[1] ?? ""}`.trim(),
        unit,
        baseline,
        after: round(baseline * between(0.7, 0.95), 0),
        period: "month",
        note: "Năm gốc: bình quân tháng 2024; sau: bình quân tháng 8–9/2025.",
        production_after: null,
      },
      8 + i,
    );
  });
const stage_marks = ["NV1", "NV2", "NV3"].map((stage) => row({ stage, state: "done", reason: "" }, 60));

const doc = {
  format: "sxsh-assessment",
  format_version: 1,
  programme: null,
  enterprise,
  assessment,
  team_members,
  process_steps,
  waste_streams,
  causes,
  options,
  flows,
  actions,
  monitoring_records,
  checklist_responses: [],
  observations: [],
  stage_marks,
  attachments: [],
};
process.stdout.write(JSON.stringify(doc, null, 1) + "\n");
