// Words the sample data is made of.
export const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Amelia', 'Oliver', 'Sophia', 'Elijah', 'Isabella', 'Lucas', 'Mia', 'Mateo',
  'Charlotte', 'Levi', 'Ava', 'Ethan', 'Harper', 'James', 'Luna', 'Hugo', 'Chloé', 'Léa', 'Jonas', 'Lena',
  'Sofía', 'Martín', 'Aiko', 'Hiro', 'Priya', 'Arjun', 'Fatima', 'Omar', 'Zoë', 'Mateus', 'Ana', 'João',
  'Ingrid', 'Lars', 'Katarzyna', 'Piotr', 'Giulia', 'Marco', 'Nora', 'Emil', 'Yara', 'Samir', 'Mei', 'Wei',
];

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Garcia', 'Miller', 'Davis', 'Martinez', 'Lopez', 'Wilson', 'Anderson', 'Taylor', 'Thomas',
  'Moore', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Young', 'Allen', 'King',
  'Müller', 'Schmidt', 'Dubois', 'Lefèvre', 'Rossi', 'Bianchi', 'Fernández', 'González', 'Silva', 'Santos',
  'Nowak', 'Kowalski', 'Johansson', 'Nielsen', 'Tanaka', 'Sato', 'Kim', 'Park', 'Nguyen', 'Patel', 'Sharma',
  "O'Brien", 'Murphy', 'Haddad', 'Chen', 'Wang', 'Ivanova',
];

/** [city, country] */
export const CITIES: readonly (readonly [string, string])[] = [
  ['New York', 'United States'], ['Chicago', 'United States'], ['Austin', 'United States'], ['Seattle', 'United States'],
  ['Toronto', 'Canada'], ['Montréal', 'Canada'], ['Mexico City', 'Mexico'], ['São Paulo', 'Brazil'],
  ['Buenos Aires', 'Argentina'], ['London', 'United Kingdom'], ['Manchester', 'United Kingdom'], ['Dublin', 'Ireland'],
  ['Paris', 'France'], ['Lyon', 'France'], ['Berlin', 'Germany'], ['München', 'Germany'], ['Amsterdam', 'Netherlands'],
  ['Madrid', 'Spain'], ['Barcelona', 'Spain'], ['Lisboa', 'Portugal'], ['Roma', 'Italy'], ['Milano', 'Italy'],
  ['Stockholm', 'Sweden'], ['Oslo', 'Norway'], ['København', 'Denmark'], ['Warszawa', 'Poland'], ['Praha', 'Czechia'],
  ['Tokyo', 'Japan'], ['Osaka', 'Japan'], ['Seoul', 'South Korea'], ['Singapore', 'Singapore'], ['Mumbai', 'India'],
  ['Bengaluru', 'India'], ['Sydney', 'Australia'], ['Melbourne', 'Australia'], ['Auckland', 'New Zealand'],
  ['Cape Town', 'South Africa'], ['Nairobi', 'Kenya'], ['Cairo', 'Egypt'], ['Dubai', 'United Arab Emirates'],
];

/** Categories with the nouns of their products and a price range. */
export const CATEGORIES: readonly { name: string; description: string; nouns: readonly string[]; price: readonly [number, number] }[] = [
  { name: 'Coffee & Tea', description: 'Beans, leaves and brewing gear', nouns: ['Espresso Beans', 'Filter Coffee', 'Green Tea', 'Earl Grey', 'Pour-Over Kettle', 'French Press', 'Matcha'], price: [6, 90] },
  { name: 'Books', description: 'Fiction, non-fiction and reference', nouns: ['Cookbook', 'Novel', 'Field Guide', 'Atlas', 'Poetry Collection', 'Biography', 'SQL Handbook'], price: [9, 60] },
  { name: 'Electronics', description: 'Gadgets and accessories', nouns: ['Headphones', 'USB-C Charger', 'Bluetooth Speaker', 'Webcam', 'Mechanical Keyboard', 'Monitor Arm', 'Power Bank'], price: [15, 400] },
  { name: 'Home & Kitchen', description: 'For cooking and living', nouns: ['Chef Knife', 'Cast Iron Pan', 'Cutting Board', 'Linen Towel', 'Table Lamp', 'Storage Jar', 'Teapot'], price: [8, 180] },
  { name: 'Outdoor', description: 'Camping, hiking and garden', nouns: ['Tent', 'Sleeping Bag', 'Headlamp', 'Water Bottle', 'Trekking Poles', 'Garden Hose', 'Camp Stove'], price: [10, 350] },
  { name: 'Toys & Games', description: 'For all ages', nouns: ['Board Game', 'Puzzle', 'Building Blocks', 'Card Game', 'Kite', 'Yo-Yo', 'Chess Set'], price: [5, 120] },
  { name: 'Sports', description: 'Gear for training and play', nouns: ['Yoga Mat', 'Running Shoes', 'Jump Rope', 'Kettlebell', 'Tennis Balls', 'Cycling Gloves', 'Swim Goggles'], price: [6, 220] },
  { name: 'Stationery', description: 'Paper, pens and desk tools', nouns: ['Notebook', 'Fountain Pen', 'Sketchbook', 'Desk Organizer', 'Sticky Notes', 'Planner', 'Pencil Set'], price: [3, 75] },
  { name: 'Beauty', description: 'Care for skin and hair', nouns: ['Face Cream', 'Shampoo', 'Lip Balm', 'Hand Soap', 'Sunscreen', 'Hair Oil', 'Body Lotion'], price: [4, 65] },
  { name: 'Pet Supplies', description: 'For cats, dogs and more', nouns: ['Dog Leash', 'Cat Tree', 'Pet Bed', 'Chew Toy', 'Food Bowl', 'Bird Feeder', 'Aquarium Filter'], price: [5, 150] },
];

export const ADJECTIVES = [
  'Classic', 'Compact', 'Deluxe', 'Eco', 'Everyday', 'Heritage', 'Nordic', 'Organic', 'Premium', 'Pro', 'Rustic',
  'Smart', 'Travel', 'Ultra', 'Vintage', 'Wild',
];

export const JOB_TITLES = ['Sales Representative', 'Senior Sales Representative', 'Account Manager', 'Support Specialist', 'Warehouse Associate'];

/** Order statuses and how often each occurs. */
export const ORDER_STATUSES: readonly (readonly [string, number])[] = [
  ['delivered', 0.72],
  ['shipped', 0.1],
  ['processing', 0.08],
  ['pending', 0.05],
  ['cancelled', 0.05],
];
