// The shop app (/shop/): catalog by category, product pages with a quantity select, the
// cart, order history. Checkout (address, payment in an iframe) is in checkout.ts.
import { CATEGORIES, PRODUCTS, findProduct, money, slug, type Product } from './catalog.js';
import { BadRequest, NotFound, field, html, json, redirect, type Ctx, type Html, type Reply, type Route } from './http.js';
import { layout } from './layout.js';
import type { SessionState } from './state.js';

const NOTICES: Record<string, string> = {
  added: 'Added to your cart.',
  removed: 'Removed from your cart.',
  placed: 'Thank you! Your order has been placed.',
};

export const shopRoutes: Route[] = [
  { method: 'GET', path: /^\/shop\/$/, run: (ctx) => catalog(ctx, 'Shop', PRODUCTS) },
  { method: 'GET', path: /^\/shop\/category\/([a-z]+)$/, run: category },
  { method: 'GET', path: /^\/shop\/product\/([a-z0-9-]+)$/, run: product },
  { method: 'GET', path: /^\/shop\/cart$/, run: cart },
  { method: 'POST', path: /^\/shop\/cart\/add$/, run: async (ctx) => { const f = await ctx.form(); addToCart(ctx.state, field(f, 'product_id'), field(f, 'quantity')); return redirect('/shop/cart?notice=added'); } },
  { method: 'POST', path: /^\/shop\/cart\/remove$/, run: removeFromCart },
  { method: 'GET', path: /^\/shop\/orders$/, run: orders },
  { method: 'GET', path: /^\/shop\/orders\/(\d+)$/, run: order },
  { method: 'GET', path: /^\/shop\/api\/cart$/, run: (ctx) => json(cartJson(ctx.state)) },
  { method: 'POST', path: /^\/shop\/api\/cart$/, run: addFromJson },
  { method: 'GET', path: /^\/shop\/api\/orders$/, run: (ctx) => json(ctx.state.orders) },
];

export function shopNav(ctx: Ctx): Html {
  const count = ctx.state.cart.reduce((n, l) => n + l.quantity, 0);
  return html`<nav class="sub" aria-label="Shop"><a href="/shop/">Catalog</a><a href="/shop/cart">Cart (${count})</a><a href="/shop/orders">Orders</a></nav>`;
}

const categoryNav = html`<nav class="sub" aria-label="Categories"><a href="/shop/">All products</a>${CATEGORIES.map((c) => html`<a href="/shop/category/${slug(c)}">${c}</a>`)}</nav>`;

function catalog(ctx: Ctx, title: string, products: readonly Product[]): Reply {
  const groups = CATEGORIES.filter((c) => products.some((p) => p.category === c));
  return layout(ctx, {
    title,
    body: html`${shopNav(ctx)}<h1>${title}</h1>${categoryNav}
${groups.map((c) => html`<section><h2>${c}</h2><div class="grid">${products.filter((p) => p.category === c).map((p) => html`<div class="card">
  <a href="/shop/product/${p.id}">${p.name}</a>
  <p class="price">${money(p.price_cents)}</p>
  <p>${ctx.state.stock[p.id] ? 'In stock' : 'Out of stock'}</p>
</div>`)}</div></section>`)}`,
  });
}

function category(ctx: Ctx, [name]: string[]): Reply {
  const c = CATEGORIES.find((x) => slug(x) === name);
  if (!c) throw new NotFound(`No category "${name}"; categories: ${CATEGORIES.map(slug).join(', ')}.`);
  return catalog(ctx, c, PRODUCTS.filter((p) => p.category === c));
}

function product(ctx: Ctx, [id]: string[]): Reply {
  const p = findProduct(id ?? '');
  if (!p) throw new NotFound(`No product "${id}".`);
  const stock = ctx.state.stock[p.id] ?? 0;
  const max = Math.min(stock, 10);
  return layout(ctx, {
    title: p.name,
    body: html`${shopNav(ctx)}
<p><a href="/shop/category/${slug(p.category)}">Back to ${p.category}</a></p>
<h1>${p.name}</h1>
<p class="price">${money(p.price_cents)}</p>
<p>${p.description}</p>
<dl class="card"><dt>Category</dt><dd>${p.category}</dd><dt>In stock</dt><dd>${stock}</dd></dl>
${stock > 0 ? html`<form class="stack" method="post" action="/shop/cart/add">
  <input type="hidden" name="product_id" value="${p.id}">
  <div><label for="quantity">Quantity</label>
  <select id="quantity" name="quantity">${Array.from({ length: max }, (_, i) => html`<option value="${i + 1}">${i + 1}</option>`)}</select></div>
  <p><button type="submit">Add to cart</button></p>
</form>` : html`<p><strong>Out of stock</strong></p>`}`,
  });
}

function cart(ctx: Ctx): Reply {
  const c = cartJson(ctx.state);
  return layout(ctx, {
    title: 'Cart',
    notice: NOTICES[ctx.url.searchParams.get('notice') ?? ''],
    body: html`${shopNav(ctx)}<h1>Your cart</h1>
${c.items.length === 0 ? html`<p>Your cart is empty.</p><p><a href="/shop/">Continue shopping</a></p>` : html`<table>
<thead><tr><th>Product</th><th>Price</th><th>Quantity</th><th>Subtotal</th><th></th></tr></thead>
<tbody>${c.items.map((i) => html`<tr>
  <td><a href="/shop/product/${i.product_id}">${i.name}</a></td><td>${money(i.price_cents)}</td><td>${i.quantity}</td><td>${money(i.subtotal_cents)}</td>
  <td><form class="inline" method="post" action="/shop/cart/remove"><input type="hidden" name="product_id" value="${i.product_id}"><button type="submit">Remove ${i.name}</button></form></td>
</tr>`)}</tbody>
<tfoot><tr><th colspan="3">Total</th><th>${money(c.total_cents)}</th><th></th></tr></tfoot>
</table>
<p><a href="/shop/">Continue shopping</a> · <a href="/shop/checkout">Proceed to checkout</a></p>`}`,
  });
}

async function removeFromCart(ctx: Ctx): Promise<Reply> {
  const id = field(await ctx.form(), 'product_id');
  ctx.state.cart = ctx.state.cart.filter((l) => l.product_id !== id);
  return redirect('/shop/cart?notice=removed');
}

function orders(ctx: Ctx): Reply {
  const list = ctx.state.orders;
  return layout(ctx, {
    title: 'Orders',
    body: html`${shopNav(ctx)}<h1>Your orders</h1>
${list.length === 0 ? html`<p>You have no orders yet.</p>` : html`<table>
<thead><tr><th>Order</th><th>Items</th><th>Total</th><th>Status</th></tr></thead>
<tbody>${[...list].reverse().map((o) => html`<tr><td><a href="/shop/orders/${o.number}">Order #${o.number}</a></td><td>${o.lines.reduce((n, l) => n + l.quantity, 0)}</td><td>${money(o.total_cents)}</td><td>${o.status}</td></tr>`)}</tbody>
</table>`}`,
  });
}

function order(ctx: Ctx, [number]: string[]): Reply {
  const o = ctx.state.orders.find((x) => x.number === number);
  if (!o) throw new NotFound(`No order #${number}.`);
  const s = o.shipping;
  return layout(ctx, {
    title: `Order #${o.number}`,
    notice: NOTICES[ctx.url.searchParams.get('notice') ?? ''],
    body: html`${shopNav(ctx)}<h1>Order #${o.number}</h1>
<dl class="card">
  <dt>Status</dt><dd>${o.status}</dd>
  <dt>Ship to</dt><dd>${s.name}</dd>
  <dt>Street address</dt><dd>${s.street}</dd>
  <dt>City</dt><dd>${s.city}</dd>
  <dt>Postal code</dt><dd>${s.postal_code}</dd>
  <dt>Country</dt><dd>${s.country}</dd>
  <dt>Payment</dt><dd>Card ending ${o.card_last4}</dd>
  <dt>Total</dt><dd>${money(o.total_cents)}</dd>
</dl>
<table><thead><tr><th>Product</th><th>Quantity</th><th>Price</th></tr></thead>
<tbody>${o.lines.map((l) => html`<tr><td>${l.name}</td><td>${l.quantity}</td><td>${money(l.price_cents)}</td></tr>`)}</tbody></table>
<p><a href="/shop/orders">All orders</a></p>`,
  });
}

async function addFromJson(ctx: Ctx): Promise<Reply> {
  const body = await ctx.json() as { product?: unknown; quantity?: unknown } | null;
  if (!body || typeof body !== 'object' || typeof body.product !== 'string') {
    throw new BadRequest('expected a JSON object like {"product": "ceramic-teapot", "quantity": 2} (product: an id or exact name)');
  }
  addToCart(ctx.state, body.product, String(body.quantity ?? 1));
  return json(cartJson(ctx.state), 201);
}

/** Adds to the cart; a BadRequest for an unknown product or a quantity the stock cannot cover. */
export function addToCart(state: SessionState, productIdOrName: string, quantityText: string): void {
  const p = findProduct(productIdOrName);
  if (!p) throw new BadRequest(`no product "${productIdOrName}"; expected an id or name such as "ceramic-teapot"`);
  const quantity = Number(quantityText);
  if (!Number.isInteger(quantity) || quantity < 1) throw new BadRequest(`quantity "${quantityText}" is not a whole number of at least 1`);
  const line = state.cart.find((l) => l.product_id === p.id);
  const stock = state.stock[p.id] ?? 0;
  if ((line?.quantity ?? 0) + quantity > stock) throw new BadRequest(`only ${stock} ${p.name} in stock; cannot have ${(line?.quantity ?? 0) + quantity} in the cart`);
  if (line) line.quantity += quantity;
  else state.cart.push({ product_id: p.id, quantity });
}

export function cartJson(state: SessionState) {
  const items = state.cart.map((l) => {
    const p = findProduct(l.product_id)!;
    return { product_id: p.id, name: p.name, price_cents: p.price_cents, quantity: l.quantity, subtotal_cents: p.price_cents * l.quantity };
  });
  return { items, total_cents: items.reduce((n, i) => n + i.subtotal_cents, 0), shipping: state.shipping };
}
