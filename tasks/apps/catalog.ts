// The shop's fixed catalog. Only stock varies with the seed (see seed.ts); names and
// prices are stable so suites can name products.
export interface Product {
  id: string;
  name: string;
  category: string;
  price_cents: number;
  description: string;
}

export const CATEGORIES = ['Kitchen', 'Books', 'Garden', 'Electronics'] as const;

export const PRODUCTS: readonly Product[] = [
  { id: 'ceramic-teapot', name: 'Ceramic Teapot', category: 'Kitchen', price_cents: 2400, description: 'A glazed stoneware teapot that holds four cups.' },
  { id: 'cast-iron-skillet', name: 'Cast Iron Skillet', category: 'Kitchen', price_cents: 3900, description: 'A pre-seasoned 26 cm skillet for stove and oven.' },
  { id: 'bamboo-cutting-board', name: 'Bamboo Cutting Board', category: 'Kitchen', price_cents: 1800, description: 'A sturdy board with a juice groove.' },
  { id: 'field-guide-to-birds', name: 'Field Guide to Birds', category: 'Books', price_cents: 2200, description: 'Six hundred species, illustrated, with range maps.' },
  { id: 'the-quiet-harbor', name: 'The Quiet Harbor', category: 'Books', price_cents: 1450, description: 'A novel about a lighthouse keeper and a long winter.' },
  { id: 'bread-baking-basics', name: 'Bread Baking Basics', category: 'Books', price_cents: 1999, description: 'Sourdough, rye and flatbreads, step by step.' },
  { id: 'watering-can', name: 'Watering Can', category: 'Garden', price_cents: 1600, description: 'A galvanised steel can with a brass rose.' },
  { id: 'pruning-shears', name: 'Pruning Shears', category: 'Garden', price_cents: 2100, description: 'Bypass shears for branches up to 2 cm.' },
  { id: 'herb-seed-kit', name: 'Herb Seed Kit', category: 'Garden', price_cents: 1200, description: 'Basil, parsley, chives and thyme seeds.' },
  { id: 'wireless-mouse', name: 'Wireless Mouse', category: 'Electronics', price_cents: 2500, description: 'A quiet mouse with a USB receiver.' },
  { id: 'usb-c-charger', name: 'USB-C Charger', category: 'Electronics', price_cents: 1900, description: 'A 30 W charger for phones and tablets.' },
  { id: 'desk-lamp', name: 'Desk Lamp', category: 'Electronics', price_cents: 3400, description: 'An adjustable LED lamp with three brightness levels.' },
  { id: 'vintage-record-player', name: 'Vintage Record Player', category: 'Electronics', price_cents: 12900, description: 'A restored turntable. Always in demand.' },
];

/** Never in stock, whatever the seed: the catalog always shows an "Out of stock" product. */
export const SOLD_OUT = 'vintage-record-player';

export const findProduct = (idOrName: string): Product | undefined =>
  PRODUCTS.find((p) => p.id === idOrName || p.name === idOrName);

export const money = (cents: number): string => `$${(cents / 100).toFixed(2)}`;

export const slug = (category: string): string => category.toLowerCase();
