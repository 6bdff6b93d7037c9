import type { User } from '../entities/user.entity.js';

/** What the API returns for a user: plain JSON data, never the password hash. */
export interface UserResponse {
  id: string;
  email: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export interface UserPage {
  items: UserResponse[];
  page: number;
  limit: number;
  total: number;
}

export function toUserResponse(user: User): UserResponse {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}
