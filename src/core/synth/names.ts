import { pick, type Rng } from './rng';

/** Two-character place words seen in Shenzhen-style names; combined with a suffix per kind of place. */
const WORDS = [
  '锦华 碧海 阳光 翠竹 金桂 东湖 新洲 华强 梅林 莲花 香蜜 彩田 益田 皇岗 上沙 下沙 沙尾 石厦 岗厦 景田 园岭 八卦 笋岗 泥岗',
  '水围 渔农 福民 福保 新沙 海滨 滨江 南园 北斗 振华 振兴 红荔 红岭 华富 荔枝 桂园 黄贝 翠北 湖贝 清水 鹿丹 松园 百花 竹林',
  '星河 嘉和 雅园 丽景 怡景 富山 春风 建设 人民 解放 和平 友谊 文化 新华 幸福 光明 团结 长青 朝阳 泰然 桃源 龙塘 凤凰 麒麟',
  '祥和 康乐 永安 兴华 新城 紫荆 玉兰 海棠 银湖 翠湖 龙湖 明珠 华侨 丰泽 瑞和 德馨 汇龙 悦海 御景 君逸 海悦 鸿福 富华 国城',
  '信和 金海 四季 锦绣 天悦 宏发 大冲 白石 沙河 西丽 南头 留仙 塘朗 桃花 松坪 侨香 深云 安华 福华 福中 民田 彩虹 百合 碧云',
  '翠海 金田 雅颂 蔚蓝 东晓 布心 田贝 水贝 洪湖 草埔 清湖 观澜 龙岗 坂田 南岭 沙湾 布吉 横岗 南联 宝龙',
]
  .join(' ')
  .split(' ');

/** Single characters for rarer two-character combinations once the word list runs out. */
const CHARS = Array.from(
  '锦华碧海翠竹金桂东湖新洲梅莲香田岗沙景园岭福民滨江南北振兴红荔富桂贝清松百星嘉雅丽怡春和安康泰龙凤祥紫玉银明德瑞鸿悦宏白西桃云蓝晓心湾泉林山',
);

const ORDINALS = ['二', '三', '四', '五', '六', '七', '八', '九', '十'];

export type NameKind =
  | 'road'
  | 'street'
  | 'lane'
  | 'river'
  | 'canal'
  | 'tower'
  | 'walkup'
  | 'village'
  | 'community'
  | 'school'
  | 'office'
  | 'mall'
  | 'industrial'
  | 'park'
  | 'district';

const SUFFIXES: Record<NameKind, readonly string[]> = {
  road: ['路', '路', '大道', '路', '北路', '南路', '东路', '西路'],
  street: ['街', '一街', '二街', '三街', '横街', '路'],
  lane: ['巷', '里', '一巷', '二巷', '坊'],
  river: ['河'],
  canal: ['涌', '排洪渠', '水渠'],
  tower: ['苑', '花园', '家园', '雅居', '华庭', '名苑', '豪庭', '公馆', '府', '半岛', '天地', '湾', '新城'],
  walkup: ['新村', '小区', '北村', '南村', '宿舍区', '新村', '花园'],
  village: ['村'],
  community: ['社区'],
  school: ['小学', '中学', '实验学校', '外国语学校', '小学'],
  office: ['大厦', '中心', '国际大厦', '商务中心', '科技大厦'],
  mall: ['广场', '购物中心', '商业城', '汇'],
  industrial: ['工业区', '工业园', '科技园'],
  park: ['公园'],
  district: ['街道'],
};

/** Draws distinct, plausible names for each kind of place (a repeat becomes "…二期" like real phases). */
export class NameBook {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Rng) {}

  word(): string {
    if (this.rng() < 0.85) return pick(this.rng, WORDS);
    const a = pick(this.rng, CHARS);
    let b = pick(this.rng, CHARS);
    while (b === a) b = pick(this.rng, CHARS);
    return a + b;
  }

  name(kind: NameKind, unique = true): string {
    const suffixes = SUFFIXES[kind];
    for (let attempt = 0; attempt < 12; attempt++) {
      const candidate = this.word() + pick(this.rng, suffixes);
      if (!unique || !this.used.has(candidate)) return this.claim(candidate);
    }
    const base = this.word() + pick(this.rng, suffixes);
    for (const ord of ORDINALS) {
      const candidate = kind === 'tower' || kind === 'walkup' ? `${base}${ord}期` : `${base}${ord}`;
      if (!this.used.has(candidate)) return this.claim(candidate);
    }
    for (let k = 2; ; k++) {
      const candidate = `${base}${k}`;
      if (!this.used.has(candidate)) return this.claim(candidate);
    }
  }

  private claim(name: string): string {
    this.used.add(name);
    return name;
  }
}
