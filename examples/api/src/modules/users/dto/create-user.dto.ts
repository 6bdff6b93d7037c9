import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsString, Matches, MaxLength, MinLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const normalizeEmail = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export const PASSWORD_RULE = /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)/;
export const PASSWORD_RULE_MESSAGE =
  'password must contain at least one uppercase letter, one lowercase letter, and one number';

export class CreateUserDto {
  @Transform(normalizeEmail)
  @IsEmail()
  @MaxLength(254)
  @IsNotEmpty()
  email!: string;

  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(50)
  name!: string;

  @IsString()
  @MinLength(8)
  // bcrypt reads at most 72 bytes: a longer password would be silently truncated.
  @MaxLength(72)
  @Matches(PASSWORD_RULE, { message: PASSWORD_RULE_MESSAGE })
  password!: string;
}
