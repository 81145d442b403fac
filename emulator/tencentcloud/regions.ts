// Regions the emulator recognises: Tencent's public regions plus any region used in the seed (the
// same role as alicloud/regions.ts).

const TENCENT_REGIONS = [
  "ap-guangzhou",
  "ap-shanghai",
  "ap-nanjing",
  "ap-beijing",
  "ap-chengdu",
  "ap-chongqing",
  "ap-hongkong",
  "ap-singapore",
  "ap-jakarta",
  "ap-seoul",
  "ap-tokyo",
  "ap-mumbai",
  "ap-bangkok",
  "na-siliconvalley",
  "na-ashburn",
  "eu-frankfurt",
  "sa-saopaulo",
  "ap-shanghai-fsi",
  "ap-shenzhen-fsi",
  "ap-beijing-fsi",
];

export function knownRegions(seedRegions: Iterable<string>): Set<string> {
  return new Set([...TENCENT_REGIONS, ...seedRegions]);
}
